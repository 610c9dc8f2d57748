import CodeSet
import Foundation
@testable import QuestionBank

/// Paths of the test fixtures and of the project's shared folder, found from this file.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let package = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seedPage = package.deletingLastPathComponent().appendingPathComponent("shared/seeds/M53.3-code-page.txt").path
    static let validBank = folder.appendingPathComponent("valid/sample-dorsopathies.yaml").path
    static let secondPage = folder.appendingPathComponent("pages/M54.2-code-page.txt").path

    static let codeSet: CodeSet = {
        do { return try CodeSet.shipped() } catch { fatalError("the shipped code set does not open: \(error)") }
    }()

    /// A scratch folder for one test, removed by the caller's `defer`.
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-banks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Parses YAML text as a bank file named `name`.
    static func parse(_ yaml: String, name: String = "test.yaml") -> (bank: Bank?, problems: [LintProblem]) {
        BankParser.parse(data: Data(yaml.utf8), file: name)
    }

    /// Parses and lints YAML text as a bank file.
    static func lint(_ yaml: String, name: String = "test.yaml") -> [LintProblem] {
        var loaded = LoadedBanks()
        let (bank, problems) = parse(yaml, name: name)
        loaded.files = [name]
        if let bank { loaded.banks = [bank] }
        loaded.problems = problems
        return Linter(codeSet: codeSet).lint(loaded)
    }

    /// A minimal valid bank with one hand-written case; tests replace parts of it.
    static let minimalBank = """
        bank: test-bank
        title: Test bank
        codeset: 2026-04-01
        cases:
          - id: case-01
            stem: A 52-year-old reports aching low back pain for three weeks, without injury.
            answer: [M54.50]
            distractors:
              - code: M54.59
                why_not: Nothing specifies another kind of low back pain.
              - code: M54.16
                why_not: No radiculopathy is documented.
            rationale: Low back pain with no further specification is M54.50.

        """
}
