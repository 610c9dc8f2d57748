import Foundation

/// Talks to a running `quiz` through pipes: waits for a prompt, reads what came before it,
/// answers. For tests whose answers depend on what quiz shows (the seeded order of cases).
final class Conversation {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer = ""
    private var watchdog: Watchdog?
    var processIdentifier: Int32 { process.processIdentifier }

    /// Everything quiz printed so far.
    private(set) var transcript = ""

    init(_ arguments: [String], environment: [String: String]) throws {
        process.executableURL = QuizProcess.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        watchdog = Watchdog(pid: process.processIdentifier, seconds: 300)
    }

    /// The text up to and including the next line ending with `prompt`, or up to the end of
    /// output (`nil` then).
    func read(until prompt: String) -> String? {
        while true {
            if let range = buffer.range(of: prompt) {
                let text = String(buffer[..<range.upperBound])
                buffer = String(buffer[range.upperBound...])
                return text
            }
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { return nil }
            let text = String(decoding: data, as: UTF8.self)
            buffer += text
            transcript += text
        }
    }

    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// Closes quiz's input (Ctrl-D) and waits for it to end; returns the rest of its output.
    func finish() -> (status: Int32, rest: String) {
        try? input.fileHandleForWriting.close()
        var rest = buffer
        while true {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            let text = String(decoding: data, as: UTF8.self)
            rest += text
            transcript += text
        }
        process.waitUntilExit()
        watchdog?.disarm()
        return (process.terminationStatus, rest)
    }
}
