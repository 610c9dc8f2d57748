import Foundation

/// Why banks could not be loaded at all (as opposed to problems inside a bank file).
public enum BankLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(path: String)
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .notFound(path):
            "\(path): no such file or folder (give a bank file or a folder of banks, e.g. QuestionBanks/)"
        case let .unreadable(path, reason):
            "\(path): cannot be read (\(reason))"
        }
    }
}

/// The banks found under some paths, and the problems of the files that did not load cleanly.
public struct LoadedBanks: Sendable {
    /// The bank files found, in the order they were read.
    public var files: [String] = []
    /// The banks that could be read (possibly with some items skipped; see `problems`).
    public var banks: [Bank] = []
    /// Syntax and schema problems, by file.
    public var problems: [LintProblem] = []

    public init() {}
}

/// Loads bank files. Each file is read on its own: a broken file yields problems and the
/// others still load.
public struct BankLoader: Sendable {
    public init() {}

    /// The bank files at a path: the file itself, or every `*.yaml` / `*.yml` beneath a folder
    /// (hidden files and folders skipped), sorted.
    public func bankFiles(at path: String) throws(BankLoadError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .notFound(path: path)
        }
        guard isDirectory.boolValue else { return [path] }
        // A linked folder (QuestionBanks -> a shared drive) is listed through its target.
        let rootURL = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        guard let enumerator = FileManager.default.enumerator(
            at: rootURL, includingPropertiesForKeys: [.isRegularFileKey],
            options: [.skipsHiddenFiles])
        else { throw .unreadable(path: path, reason: "the folder cannot be listed") }
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        let root = rootURL.standardizedFileURL.path
        var files: [String] = []
        for case let url as URL in enumerator {
            let ext = url.pathExtension.lowercased()
            guard ext == "yaml" || ext == "yml",
                  (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let full = url.standardizedFileURL.path
            let relative = full.hasPrefix(root + "/") ? String(full.dropFirst(root.count + 1)) : url.lastPathComponent
            files.append(base + "/" + relative)
        }
        return files.sorted()
    }

    /// Loads every bank under the paths. A path that does not exist is an error; problems
    /// inside files (including files that cannot be read) are collected instead.
    public func load(paths: [String]) throws(BankLoadError) -> LoadedBanks {
        var result = LoadedBanks()
        for path in paths {
            for file in try bankFiles(at: path) where !result.files.contains(file) {
                result.files.append(file)
                let (bank, problems) = load(file: file)
                if let bank { result.banks.append(bank) }
                result.problems += problems
            }
        }
        return result
    }

    /// Loads one file; a file that cannot be read is one problem.
    public func load(file: String) -> (bank: Bank?, problems: [LintProblem]) {
        if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int,
           size > BankParser.maximumFileBytes {
            return (nil, [LintProblem(file: file, line: 0, message:
                "the file is \(BankParser.megabytes(size)); a bank may be at most "
                + "\(BankParser.megabytes(BankParser.maximumFileBytes)): split it into several banks")])
        }
        let data: Data
        do {
            data = try InputFile.read(file)
        } catch {
            switch error {
            case .unreadable(_, let reason):
                return (nil, [LintProblem(file: file, line: 0, message: "cannot read the file: \(reason)")])
            case .tooLarge(_, let limit):
                return (nil, [LintProblem(file: file, line: 0, message: "the file is larger than "
                    + "\(BankParser.megabytes(limit)), the most a bank may be: split it into several banks")])
            }
        }
        return BankParser.parse(data: data, file: file)
    }
}
