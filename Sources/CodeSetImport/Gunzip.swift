import CZlib

/// Inflates gzip data (as CMS and PyPI ship the tabular XML) with zlib.
enum Gunzip {
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    static func inflate(_ compressed: [UInt8], path: String) throws(ImportError) -> [UInt8] {
        var stream = z_stream()
        // 15 window bits + 32: accept a gzip (or zlib) header.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .unreadable(path: path, reason: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(compressed.count * 12)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var status: Int32 = Z_OK
        var input = compressed
        input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(inputBuffer.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = uInt(chunkBuffer.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    output += chunkBuffer[0..<(chunkBuffer.count - Int(stream.avail_out))]
                }
            } while status == Z_OK && (stream.avail_in > 0 || stream.avail_out == 0)
        }
        switch status {
        case Z_STREAM_END:
            return output
        case Z_OK, Z_BUF_ERROR:
            throw .malformedGzip(path: path, reason: "the compressed data ends early (the file is truncated)")
        default:
            let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
            throw .malformedGzip(path: path, reason: message)
        }
    }
}
