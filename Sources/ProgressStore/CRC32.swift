import CZlib

/// CRC-32 (IEEE 802.3), which makes each log line self-checking so that a line torn by a crash
/// is recognised instead of misread. zlib's `crc32`: reading a long log checks every byte of
/// it, and zlib's is several times faster than a table-driven loop in Swift.
enum CRC32 {
    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        if let crc = bytes.withContiguousStorageIfAvailable({ checksum($0) }) { return crc }
        return Array(bytes).withUnsafeBufferPointer { checksum($0) }
    }

    static func checksum(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        // Lines are at most a megabyte, far below zlib's 4 GiB length limit (uInt).
        return UInt32(truncatingIfNeeded: crc32_z(0, base, bytes.count))
    }
}
