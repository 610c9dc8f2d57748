import CodeSet
@testable import CodeSetImport
import Foundation
import QuestionBank
import Testing

/// Paths and objects the format tests share, found from this file.
enum Support {
    static let package = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let banksFolder = package.appendingPathComponent("QuestionBanks").path
    static let officialTabular = package
        .appendingPathComponent("../shared/data/icd10cm/icd10cm-tabular-2026-04-01.xml.gz").standardized.path

    static let codeSet: CodeSet = {
        do { return try CodeSet.shipped() } catch { fatalError("the shipped code set does not open: \(error)") }
    }()

    /// The file names of the shipped banks ("dorsopathies.yaml"), to run a test once per bank.
    static let shippedBankNames: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: banksFolder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    /// One shipped bank, loaded.
    static func shippedBank(_ name: String) throws -> Bank {
        let (bank, problems) = BankLoader().load(file: banksFolder + "/" + name)
        precondition(!problems.contains { $0.severity == .error }, "\(name) has errors: \(problems)")
        return try #require(bank)
    }

    /// The shipped banks, each loaded on its own.
    static func shippedBanks() throws -> [Bank] {
        let loaded = try BankLoader().load(paths: [banksFolder])
        precondition(loaded.problems.filter { $0.severity == .error }.isEmpty, "the shipped banks have errors")
        return loaded.banks
    }

    /// A scratch folder for one test, removed by the caller's `defer`.
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-formats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// What a learner sees of a case, field by field: what a round trip must keep.
    struct Seen: Equatable, CustomStringConvertible {
        var id: String
        var stem: String
        var answer: [String]
        var distractors: [String]
        var whyNots: [String]
        var rationale: String
        var tags: [String]

        init(_ item: Case, tags: Bool = true) {
            id = item.id
            stem = item.stem
            answer = item.answer
            distractors = item.distractors.map(\.code)
            whyNots = item.distractors.map(\.whyNot)
            rationale = item.rationale
            self.tags = tags ? item.tags : []
        }

        var description: String { "\(id): \(answer) vs \(distractors)" }
    }

    /// Builds a bank's cases as practice does.
    static func seen(_ bank: Bank, tags: Bool = true) -> [Seen] {
        CaseBuilder(codeSet: codeSet).build(bank).cases.map { Seen($0, tags: tags) }
    }

    /// Lints a bank after writing it as YAML and reading it back, as `quiz import` does.
    static func lintAsWritten(_ bank: Bank, name: String = "imported.yaml") -> [LintProblem] {
        let yaml = BankWriter.yaml(bank)
        var loaded = LoadedBanks()
        let (parsed, problems) = BankParser.parse(data: Data(yaml.utf8), file: name)
        loaded.files = [name]
        loaded.banks = parsed.map { [$0] } ?? []
        loaded.problems = problems
        return Linter(codeSet: codeSet).lint(loaded)
    }

    /// A release derived from the official April 2026 one: M53.3 deleted, M54.2 split into
    /// M54.20 and M54.21, M54.6 retitled "Thoracic spine pain". Written as XML into `folder`.
    static func derivedReleaseXML(in folder: URL) throws -> String {
        let compressed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: officialTabular)))
        var xml = String(decoding: try Gunzip.inflate(compressed, path: officialTabular), as: UTF8.self)
            .replacingOccurrences(of: "\r\n", with: "\n")
        func replace(_ old: String, _ new: String) {
            precondition(xml.contains(old), "the official file no longer holds: \(old)")
            xml = xml.replacingOccurrences(of: old, with: new)
        }
        replace("""
            <diag>
                      <name>M53.3</name>
                      <desc>Sacrococcygeal disorders, not elsewhere classified</desc>
                      <inclusionTerm>
                        <note>Coccygodynia</note>
                      </inclusionTerm>
                    </diag>
            """, "")
        replace("<name>M54.2</name>\n          <desc>Cervicalgia</desc>", """
            <name>M54.2</name>
                      <desc>Cervicalgia</desc>
                      <diag><name>M54.20</name><desc>Cervicalgia, unspecified</desc></diag>
                      <diag><name>M54.21</name><desc>Cervicogenic neck pain</desc></diag>
            """)
        replace("<desc>Pain in thoracic spine</desc>", "<desc>Thoracic spine pain</desc>")
        let path = folder.appendingPathComponent("icd10cm-tabular-2026-10-01.xml").path
        try Data(xml.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let derived: CodeSet = {
        do {
            let folder = try scratch()
            let xml = try derivedReleaseXML(in: folder)
            let output = try TabularImporter().importTabular(path: xml)
            let path = folder.appendingPathComponent("derived.codeset").path
            try TabularImporter().write(output, to: path)
            return try CodeSet(contentsOf: path)
        } catch {
            fatalError("deriving a release failed: \(error)")
        }
    }()
}
