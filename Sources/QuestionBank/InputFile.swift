import Foundation

/// A file from outside (a bank, a code page, a GIFT or CSV file) read whole, but never more
/// than a limit: a huge file, or a device or pipe that never ends, is refused after reading
/// one byte past the limit instead of filling memory.
public enum InputFile {
    public enum ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case tooLarge(path: String, limit: Int)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): "\(path): cannot read the file: \(reason)"
            case .tooLarge(let path, let limit):
                "\(path): the file is larger than \(BankParser.megabytes(limit)), the most quiz reads as one bank: "
                    + "split it into several files"
            }
        }
    }

    public static func read(_ path: String, limit: Int = BankParser.maximumFileBytes) throws(ReadError) -> Data {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        defer { try? handle.close() }
        var data = Data()
        do {
            while data.count <= limit, let chunk = try handle.read(upToCount: min(1 << 20, limit + 1 - data.count)), !chunk.isEmpty {
                data.append(chunk)
            }
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        guard data.count <= limit else { throw .tooLarge(path: path, limit: limit) }
        return data
    }
}
