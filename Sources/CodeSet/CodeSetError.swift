/// Why a code-set file could not be used. Each message names the file and what to do.
public enum CodeSetError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case corrupt(path: String, reason: String)
    case newerFormat(path: String, version: UInt32)
    case missingShippedCodeSet

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            "\(path): cannot read the code set (\(reason))"
        case let .corrupt(path, reason):
            "\(path): not a valid code-set file (\(reason)); rebuild it with `quiz codeset import` from the CMS tabular XML"
        case let .newerFormat(path, version):
            "\(path): written in code-set format \(version), newer than this quiz understands (\(CodeSetFormat.version)); update quiz"
        case .missingShippedCodeSet:
            "the shipped ICD-10-CM code set is missing from this build; rebuild quiz with `swift build`"
        }
    }
}
