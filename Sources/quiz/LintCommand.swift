import ArgumentParser
import CodeSet
import Foundation
import QuestionBank
import Terminal

/// `quiz lint`: checks question banks against the format and the official code set.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check question banks against the bank format and the official ICD-10-CM code set.",
        discussion: """
            With no path, checks QuestionBanks/ (of QUIZ_HOME, or of the current directory). \
            Folders are walked for *.yaml and *.yml files; each file is checked on its own.
            Exit status: 0 when no errors were found (warnings allowed), 1 when there were errors, \
            2 for bad usage or a path that cannot be read.
            """
    )

    @Argument(help: "Bank files or folders of banks (default: QuestionBanks/).")
    var paths: [String] = []

    @Option(help: ArgumentHelp(
        "Check against another release: a release installed with `quiz codeset import` (2026-10-01), a .codeset file, or `shipped`.",
        discussion: "Items the new release breaks (a deleted code, a code that became a header, a changed title) are "
            + "reported with the codes that replace them."))
    var codeset: String?

    @Flag(help: "Print {\"problems\": [{file, line, severity, code, message}…]} for scripts.")
    var json = false

    struct Report: Encodable {
        var problems: [LintProblem]
    }

    func run() throws {
        let inUse = try reportingErrors { try QuizEnvironment.codeSet() }
        let codeSet = try reportingErrors { try codeset.map { try QuizEnvironment.codeSet(named: $0) } ?? inUse }
        let targets = paths.isEmpty ? [QuizEnvironment.banksFolder()] : paths
        let loaded = try reportingErrors { try BankLoader().load(paths: targets) }
        let files = loaded.files
        var changes: [String: CodeSetDiff] = [:]
        if codeset != nil {
            for release in Set(loaded.banks.map(\.codeSetRelease)) where release != codeSet.metadata.release {
                guard let old = QuizEnvironment.codeSet(release: release, inUse: inUse) else {
                    if !json {
                        print("note: ICD-10-CM \(release), which some banks name, is not installed: what changed since "
                              + "then cannot be shown (quiz codeset import its tabular XML)")
                    }
                    continue
                }
                changes[release] = CodeSetDiff(from: old, to: codeSet)
            }
            if !json { print("Checking against ICD-10-CM \(codeSet.metadata.release) (\(codeSet.path))") }
        }
        var problems = Linter(codeSet: codeSet, releaseChanges: changes).lint(loaded)
        if files.isEmpty {
            problems.append(LintProblem(file: targets.joined(separator: " "), line: 0, message:
                "no bank files (*.yaml, *.yml) found: nothing was checked"))
        }
        if json {
            print(try jsonString(Report(problems: problems)))
        } else {
            for problem in problems { print(SafeText.sanitized(problem.description)) }
            let errors = problems.filter { $0.severity == .error }.count
            let warnings = problems.count - errors
            let checked = "\(files.count) bank file\(files.count == 1 ? "" : "s") checked"
            if problems.isEmpty {
                print("\(checked): no problems")
            } else {
                print("\(checked): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
            }
        }
        if problems.hasErrors { throw QuizExit.problemsFound }
    }
}
