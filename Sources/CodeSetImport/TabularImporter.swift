import CodeSet
import Crypto
import Foundation

/// Builds the compact code-set file from an official CMS/NCHS tabular XML file (plain or
/// gzip-compressed), recording the release and the source's SHA-256.
public struct TabularImporter {
    public init() {}

    /// The result of one import: the bytes of the `.codeset` file and what they record.
    public struct Output: Sendable {
        public var bytes: [UInt8]
        public var metadata: CodeSetMetadata
    }

    /// Reads and converts the file at `path`. `release` overrides the release date otherwise
    /// taken from the file name (`…2026-04-01…` or `…April-1-2026…`) or the XML's `<version>`.
    public func importTabular(path: String, release: String? = nil) throws(ImportError) -> Output {
        let raw: [UInt8]
        do {
            raw = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        let xml = Gunzip.isGzip(raw) ? try Gunzip.inflate(raw, path: path) : raw
        let tabular = try TabularXMLReader(path: path).read(xml)
        let digest = SHA256.hash(data: xml).map { String(format: "%02x", $0) }.joined()
        let name = URL(fileURLWithPath: path).lastPathComponent
        let metadata = CodeSetMetadata(
            release: release ?? Self.releaseDate(fromFileName: name) ?? tabular.version,
            sourceSHA256: digest,
            sourceName: name.hasSuffix(".gz") ? String(name.dropLast(3)) : name)
        return Output(bytes: CodeSetWriter(chapters: tabular.chapters, metadata: metadata).encoded(), metadata: metadata)
    }

    /// Writes the imported code set atomically: a reader never sees a half-written file.
    public func write(_ output: Output, to path: String) throws(ImportError) {
        do {
            try Data(output.bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .unwritable(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    private static let months = ["january", "february", "march", "april", "may", "june", "july",
                                 "august", "september", "october", "november", "december"]

    /// "icd10cm-tabular-2026-04-01.xml" → "2026-04-01"; "icd10c-tabular-April-1-2026.xml" → "2026-04-01".
    static func releaseDate(fromFileName name: String) -> String? {
        let parts = name.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        for index in parts.indices {
            if index + 2 < parts.count, parts[index].count == 4, let year = Int(parts[index]),
               let month = Int(parts[index + 1]), let day = Int(parts[index + 2]),
               (1...12).contains(month), (1...31).contains(day) {
                return String(format: "%04d-%02d-%02d", year, month, day)
            }
            if index + 2 < parts.count, let month = months.firstIndex(of: parts[index].lowercased()),
               let day = Int(parts[index + 1]), let year = Int(parts[index + 2]), parts[index + 2].count == 4,
               (1...31).contains(day) {
                return String(format: "%04d-%02d-%02d", year, month + 1, day)
            }
        }
        return nil
    }
}
