import ArgumentParser

/// The `quiz` command: a thin layer that parses arguments and hands off to the library modules.
@main
struct Quiz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiz",
        abstract: "Practise ICD-10-CM diagnosis coding from clinical cases, with spaced repetition.",
        subcommands: [
            SchedulerCommand.self,
        ]
    )
}
