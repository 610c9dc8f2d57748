/// One thing wrong (or worth a look) in a bank file, said so that its author can fix it.
public struct LintProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The bank breaks a rule of the format; `quiz lint` exits 1.
        case error
        /// Worth fixing, but the case builder copes (e.g. a code page example that names its
        /// answer, which the builder removes); `quiz lint` still exits 0.
        case warning
    }

    /// The file as it was given (or found while walking a folder).
    public var file: String
    /// 1-based line of the offending field; 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based column, when known (YAML syntax errors).
    public var column: Int?
    public var severity: Severity
    /// The ICD-10-CM code concerned, as written in the bank, when there is one.
    public var code: String?
    public var message: String

    public init(file: String, line: Int, column: Int? = nil, severity: Severity = .error, code: String? = nil,
                message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.code = code
        self.message = message
    }

    /// `file:line:column: error: message`, the form editors and compilers use.
    public var description: String {
        var location = file
        if line > 0 {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return "\(location): \(severity.rawValue): \(message)"
    }

    enum CodingKeys: String, CodingKey { case file, line, column, severity, code, message }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encodeIfPresent(column, forKey: .column)
        try container.encode(severity, forKey: .severity)
        // `code` is always present in JSON: null when no code is concerned.
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
    }
}

extension Array where Element == LintProblem {
    /// Problems in reading order: by file, then line, then column.
    public func sortedByLocation() -> [LintProblem] {
        enumerated().sorted { lhs, rhs in
            let l = lhs.element, r = rhs.element
            if l.file != r.file { return l.file < r.file }
            if l.line != r.line { return l.line < r.line }
            if (l.column ?? 0) != (r.column ?? 0) { return (l.column ?? 0) < (r.column ?? 0) }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    public var hasErrors: Bool { contains { $0.severity == .error } }
}
