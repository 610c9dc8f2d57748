import ArgumentParser
import Foundation
import Scheduler

/// `quiz scheduler …`: tools around the FSRS-6 scheduler.
struct SchedulerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Tools around the FSRS-6 scheduler.",
        subcommands: [ReplayCommand.self]
    )

    /// `quiz scheduler replay [FILE|-]`: the conformance interface with py-fsrs's vectors.
    struct ReplayCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replay",
            abstract: "Replay review histories (JSON lines) and print the card state after each review.",
            discussion: """
                Input lines: {"id": 0, "history": [{"rating": 3, "review_at": "2024-05-01T08:30:00Z"}, ...]}
                Output lines: {"id": 0, "after_each": [{"state", "step", "stability", "difficulty", "due",
                "retrievability_at_next_review", "retrievability_at_due"}, ...]}.
                Settings are FSRS-6's defaults: retention 0.9, learning steps 1m 10m, relearning 10m,
                maximum interval 36500 days, fuzz off (as the reference vectors are computed).
                """
        )

        @Argument(help: "A JSON-lines file of histories, or - (the default) for standard input.")
        var file: String = "-"

        @Flag(help: "Fuzz review intervals (seeded from each history's id and review number).")
        var fuzz = false

        func run() throws {
            let input: Data
            do {
                if file == "-" {
                    input = try FileHandle.standardInput.readToEnd() ?? Data()
                } else {
                    input = try Data(contentsOf: URL(fileURLWithPath: file))
                }
            } catch {
                throw fail("\(file): cannot read it (\(error.localizedDescription)); give a readable JSON-lines file, or - for standard input")
            }
            var configuration = SchedulerConfiguration.reference
            configuration.fuzz = fuzz
            let scheduler = Scheduler(configuration: configuration)
            var output = OutputBuffer()
            defer { output.flush() }
            do {
                try Replay.process(input, scheduler: scheduler) { output.write($0) }
            } catch {
                output.flush()
                throw fail("\(file == "-" ? "<stdin>" : file):\(error.line): \(error)")
            }
        }
    }
}

/// Collects output lines and writes them to stdout in large chunks.
struct OutputBuffer {
    private var bytes: [UInt8] = []

    mutating func write(_ line: String) {
        bytes.append(contentsOf: line.utf8)
        bytes.append(10)
        if bytes.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !bytes.isEmpty else { return }
        FileHandle.standardOutput.write(Data(bytes))
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Reports a problem with the user's input on stderr; the command then exits with code 2.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("quiz: \(message)\n".utf8))
    return ExitCode(2)
}
