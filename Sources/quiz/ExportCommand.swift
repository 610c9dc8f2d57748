import ArgumentParser
import BankFormats
import CodeSet
import Foundation
import QuestionBank
import Terminal

/// `quiz export`: banks in the formats instructors and learners already use.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export question banks as GIFT (Moodle), an Anki text file, or CSV.",
        discussion: """
            Exports the cases learners see (code-page examples built into cases), from every bank in \
            QuestionBanks/ (of QUIZ_HOME or the current directory), or only from --bank. Banks with lint \
            errors are not exported: run `quiz lint` and fix them first. Formats: QuestionBanks/README.md.
              quiz export gift --bank dorsopathies --out dorsopathies.gift
              quiz export anki --out quiz-anki.txt
              quiz export csv --bank mental --out mental.csv
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case gift, anki, csv
    }

    @Argument(help: "gift, anki or csv.")
    var format: Format

    @Option(name: .customLong("bank"), help: "A bank id (or a bank file); repeat for several (default: every bank).")
    var banks: [String] = []

    @Option(help: "Where to write (default: standard output).")
    var out: String?

    func run() throws {
        let codeSet = try reportingErrors { try QuizEnvironment.codeSet() }
        let selected = try BankSelection.load(banks, codeSet: codeSet)
        let exported = selected.map { ExportedBank($0, codeSet: codeSet) }
        let text: String = try reportingErrors {
            switch format {
            case .csv: try CSVFormat.export(exported)
            case .gift: GIFTFormat.export(exported, codeSet: codeSet)
            case .anki: AnkiFormat.export(exported, codeSet: codeSet)
            }
        }
        let count = exported.reduce(0) { $0 + $1.cases.count }
        if let out {
            try reportingErrors { try AtomicFile.write(text, to: out) }
            printError("Wrote \(out): \(count) case\(count == 1 ? "" : "s") from \(exported.count) bank\(exported.count == 1 ? "" : "s") as \(format.rawValue)")
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

/// The banks a command works on: every bank of QuestionBanks/, or those named by id or path.
enum BankSelection {
    /// Loads and lints the banks; lint errors are printed and stop the command (exit 1).
    static func load(_ names: [String], codeSet: CodeSet) throws -> [Bank] {
        let folder = QuizEnvironment.banksFolder()
        let paths = names.filter { $0.contains("/") || $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
        let ids = names.filter { !paths.contains($0) }
        var loaded = try reportingErrors {
            try BankLoader().load(paths: paths + (names.isEmpty || !ids.isEmpty ? [folder] : []))
        }
        if !names.isEmpty {
            for id in ids where !loaded.banks.contains(where: { $0.id == id }) {
                let known = loaded.banks.map(\.id).sorted().joined(separator: ", ")
                printError("quiz: no bank has the id \"\(id)\" in \(folder) (banks: \(known.isEmpty ? "none" : known))")
                throw QuizExit.badInput
            }
            let kept = Set(paths + loaded.banks.filter { ids.contains($0.id) }.map(\.file))
            loaded.banks = loaded.banks.filter { kept.contains($0.file) }
            loaded.problems = loaded.problems.filter { kept.contains($0.file) }
            loaded.files = loaded.files.filter { kept.contains($0) }
        }
        guard !loaded.files.isEmpty else {
            printError("quiz: no bank files (*.yaml, *.yml) in \(folder): nothing to export")
            throw QuizExit.badInput
        }
        let problems = Linter(codeSet: codeSet).lint(loaded)
        if problems.hasErrors {
            for problem in problems where problem.severity == .error { printError(SafeText.sanitized(problem.description)) }
            printError("quiz: the banks above have errors: fix them (quiz lint) and export again")
            throw QuizExit.problemsFound
        }
        return loaded.banks
    }
}

/// Writes a file whole or not at all: a temporary file beside it, renamed into place.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try Data(text.utf8).write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
