import ArgumentParser
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

    @Flag(help: "Print {\"problems\": [{file, line, severity, code, message}…]} for scripts.")
    var json = false

    struct Report: Encodable {
        var problems: [LintProblem]
    }

    func run() throws {
        let codeSet = try reportingErrors { try QuizEnvironment.codeSet() }
        let targets = paths.isEmpty ? [QuizEnvironment.banksFolder()] : paths
        var (files, problems) = try reportingErrors { try Linter(codeSet: codeSet).lint(paths: targets) }
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
