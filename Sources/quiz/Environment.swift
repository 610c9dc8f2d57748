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

    /// Where `quiz codeset import` installs newer releases: `<QUIZ_HOME>/CodeSets/`.
    static func codeSetsFolder() -> String {
        QuizHome.resolve().path + "/CodeSets"
    }

    /// The file an installed release lives in: `<QUIZ_HOME>/CodeSets/icd10cm-<release>.codeset`.
    static func installedCodeSetPath(release: String) -> String {
        codeSetsFolder() + "/icd10cm-\(release).codeset"
    }

    /// The releases installed in `<QUIZ_HOME>/CodeSets/`, sorted.
    static func installedReleases() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: codeSetsFolder())) ?? []
        return names.filter { $0.hasPrefix("icd10cm-") && $0.hasSuffix(".codeset") }
            .map { String($0.dropFirst("icd10cm-".count).dropLast(".codeset".count)) }.sorted()
    }

    /// A code set named on the command line: `shipped`, a `.codeset` file, or a release
    /// installed with `quiz codeset import` ("2026-10-01").
    static func codeSet(named name: String) throws -> CodeSet {
        if name == "shipped" { return try CodeSet.shipped() }
        if name.contains("/") || name.hasSuffix(".codeset") { return try CodeSet(contentsOf: name) }
        let path = installedCodeSetPath(release: name)
        guard FileManager.default.fileExists(atPath: path) else {
            let installed = installedReleases()
            throw ValidationError("no code set named \"\(name)\": it is not installed in \(codeSetsFolder()) "
                + "(installed: \(installed.isEmpty ? "none" : installed.joined(separator: ", "))). Install a release with "
                + "`quiz codeset import icd10cm-tabular-<release>.xml`, or give `shipped` or a .codeset file.")
        }
        return try CodeSet(contentsOf: path)
    }

    /// The code set of a release, when it is the one in use, the shipped one, or installed.
    static func codeSet(release: String, inUse: CodeSet) -> CodeSet? {
        if inUse.metadata.release == release { return inUse }
        if let shipped = try? CodeSet.shipped(), shipped.metadata.release == release { return shipped }
        let path = installedCodeSetPath(release: release)
        return FileManager.default.fileExists(atPath: path) ? try? CodeSet(contentsOf: path) : nil
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
    /// An answer could not be saved (a full disk, a read-only folder); the ones before it were.
    static let notSaved = ExitCode(3)
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
