import ArgumentParser
import Foundation

/// The `quiz` command: a thin layer that parses arguments and hands off to the library modules.
@main
struct Quiz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiz",
        abstract: "Practise ICD-10-CM diagnosis coding from clinical cases, with spaced repetition.",
        subcommands: [
            PracticeCommand.self,
            ExamCommand.self,
            LookupCommand.self,
            CodeSetCommand.self,
            SchedulerCommand.self,
            LintCommand.self,
            ImportCommand.self,
            ExportCommand.self,
            DrillsCommand.self,
            StatsCommand.self,
        ],
        defaultSubcommand: PracticeCommand.self
    )

    /// Like ArgumentParser's own `main`, but bad usage exits with 2 as the contract says
    /// (ArgumentParser's default is 64).
    static func main() {
        // Past a file-size limit (ulimit -f) the kernel would kill quiz with SIGXFSZ in the
        // middle of a write; ignored, the write fails with EFBIG and the answer is refused with
        // a message, like on a full disk.
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(QuizExit.badInput.rawValue)
            }
            exit(withError: error)
        }
    }
}
