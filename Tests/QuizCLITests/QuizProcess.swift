import Foundation

/// Runs the built `quiz` executable, as a user or a script would.
struct QuizProcess {
    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// `quiz` sits beside the test bundle in the build folder.
    static let executable: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("quiz")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("quiz")
    }()

    /// Runs `quiz` with piped standard input; output goes through files so that no amount of
    /// it can block the child. A `wrapper` (`prlimit …`, `setpriv …`) runs quiz in its stead.
    static func run(_ arguments: [String], input: String = "", environment: [String: String] = [:],
                    wrapper: [String] = []) throws -> Outcome {
        try runProgram(wrapper + [executable.path] + arguments, input: input, environment: environment)
    }

    /// Runs another program (`chmod`, `mount`) the same way.
    static func runTool(_ command: [String]) throws -> Outcome {
        try runProgram(command, input: "", environment: [:])
    }

    private static func runProgram(_ command: [String], input: String, environment: [String: String]) throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outputURL = scratch.appendingPathComponent("stdout"), errorURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        try process.run()
        let watchdog = Watchdog(pid: process.processIdentifier, seconds: 300)
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        watchdog.disarm()
        if watchdog.fired { throw DaemonSafeProcess.Timeout(command: command, seconds: 300) }
        return Outcome(status: process.terminationStatus,
                       standardOutput: try String(contentsOf: outputURL, encoding: .utf8),
                       standardError: try String(contentsOf: errorURL, encoding: .utf8))
    }
}
