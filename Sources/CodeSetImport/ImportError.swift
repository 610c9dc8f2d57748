/// Why an official tabular file could not be imported; each names the file and, where it
/// applies, the line, so the file can be checked or fetched again.
public enum ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformedGzip(path: String, reason: String)
    case malformedXML(path: String, line: Int, column: Int, reason: String)
    case unexpectedStructure(path: String, line: Int, reason: String)
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            "\(path): cannot read the file (\(reason))"
        case let .malformedGzip(path, reason):
            "\(path): not valid gzip data: \(reason); download the tabular file again"
        case let .malformedXML(path, line, column, reason):
            "\(path):\(line):\(column): malformed XML: \(reason); is this the complete CMS tabular file?"
        case let .unexpectedStructure(path, line, reason):
            "\(path):\(line): not an ICD-10-CM tabular list as CMS publishes it: \(reason)"
        case let .unwritable(path, reason):
            "\(path): cannot write the code set (\(reason))"
        }
    }
}
