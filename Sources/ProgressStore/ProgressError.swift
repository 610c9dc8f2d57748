/// Everything that can go wrong with a learner's progress, each with a message that says what,
/// where (file and line when there is one) and what to do about it.
public enum ProgressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The learner name cannot be a directory name (empty, too long, `/`, leading dot …).
    case invalidLearner(name: String)
    /// Another session holds the learner's lock; `holder` says which process.
    case learnerInUse(learner: String, holder: String, lockPath: String)
    /// The file was written by a newer quiz; it is left untouched.
    case newerSchema(path: String, found: Int, supported: Int)
    /// A file cannot be read as what it should be; it is left untouched.
    case corrupt(path: String, line: Int?, reason: String)
    /// A file is larger than anything quiz writes.
    case tooLarge(path: String, size: Int, limit: Int)
    /// settings.json holds a value outside its range.
    case invalidSettings(path: String, reason: String)
    /// An answer the store cannot record (empty card id, absurd sizes …).
    case invalidAnswer(reason: String)
    /// A system call failed.
    case io(path: String, action: String, reason: String)
    /// `:undo` with no review left to undo in this learner's recent history.
    case nothingToUndo
    /// The store was closed.
    case closed

    public var description: String {
        switch self {
        case .invalidLearner(let name):
            return "\"\(Sanitize.forMessage(name))\" cannot be a learner name: use 1-64 letters, digits, '.', '_' or '-', not starting with '.' or '-'"
        case .learnerInUse(let learner, let holder, let lockPath):
            return "learner \"\(learner)\" is in use by another quiz session (\(holder)); finish that session first (the lock is \(lockPath) and is released when that process exits)"
        case .newerSchema(let path, let found, let supported):
            return "\(path): written by a newer version of quiz (schema \(found); this one reads up to \(supported)); upgrade quiz. The file was not changed"
        case .corrupt(let path, let line, let reason):
            let place = line.map { "\(path):\($0)" } ?? path
            return "\(place): \(reason). The file was left as it is; restore it from a backup or repair that line"
        case .tooLarge(let path, let size, let limit):
            return "\(path): \(size) bytes is larger than quiz ever writes (limit \(limit)); it is not a quiz progress file, move it away"
        case .invalidSettings(let path, let reason):
            return "\(path): \(reason)"
        case .invalidAnswer(let reason):
            return "cannot record the answer: \(reason)"
        case .io(let path, let action, let reason):
            return "\(path): cannot \(action): \(reason)"
        case .nothingToUndo:
            return "nothing to undo: no recent review is left"
        case .closed:
            return "the learner's progress was already closed"
        }
    }
}

/// Text from files can hold anything; messages show it with control characters escaped so an
/// error can never drive the terminal.
enum Sanitize {
    static func forMessage(_ text: String, limit: Int = 80) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return text.unicodeScalars.count > limit ? out + "…" : out
    }
}
