import ArgumentParser
import CodeSet
import Foundation

/// What the commands take from the process environment: the only place they read it.
enum QuizEnvironment {
    /// The code set to use: `QUIZ_CODESET` names another `.codeset` file (a newer release, or
    /// a test's own); otherwise the one shipped with quiz.
    static func codeSet() throws -> CodeSet {
        if let path = ProcessInfo.processInfo.environment["QUIZ_CODESET"], !path.isEmpty {
            return try CodeSet(contentsOf: path)
        }
        return try CodeSet.shipped()
    }

    /// Where the banks live: `QuestionBanks/` of `QUIZ_HOME`, or of the current directory.
    static func banksFolder() -> String {
        if let home = ProcessInfo.processInfo.environment["QUIZ_HOME"], !home.isEmpty {
            return (home as NSString).appendingPathComponent("QuestionBanks")
        }
        return "QuestionBanks"
    }
}

/// The exit codes of the command-line contract (DESIGN.md).
enum QuizExit {
    /// The command ran and found problems (an invalid code, a bank with errors).
    static let problemsFound = ExitCode(1)
    /// Bad usage or unreadable input.
    static let badInput = ExitCode(2)
}

/// Runs a command body; a library error becomes its message on stderr and exit code 2.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        printError("quiz: \(error)")
        throw QuizExit.badInput
    }
}

/// Writes to standard error, where diagnostics belong.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Encodes command output as JSON with a stable key order, for scripts.
func jsonString(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
