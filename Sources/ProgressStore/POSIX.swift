#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Thin wrappers over the system calls the store's durability rests on. Foundation's file APIs
/// cannot say "this append is on disk" (fsync on a descriptor, directory fsync, flock), so the
/// store talks to the kernel directly here and nowhere else.
enum POSIX {
    /// The system's message, with what to do about the failures a learner can fix.
    static func errorText(_ code: Int32 = errno) -> String {
        let text = String(cString: strerror(code))
        switch code {
        case EACCES, EPERM, EROFS:
            return text + " (quiz must be able to write in the learner's folder; `quiz stats` can read it as it is)"
        case ENOSPC, EDQUOT, EFBIG:
            return text + " (free some space: every answer saved before is safe)"
        default:
            return text
        }
    }

    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(ProgressError) -> Int32 {
        while true {
            let fd = systemOpen(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw .io(path: path, action: "open", reason: errorText()) }
        }
    }

    static func closeDescriptor(_ fd: Int32) {
        _ = close(fd)
    }

    /// Writes all of `bytes`, retrying short writes and interrupted calls.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(ProgressError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, action: "write", reason: errorText())
            }
            done += n
        }
    }

    /// Flushes file data (and the size, for appends) to stable storage.
    static func sync(_ fd: Int32, path: String) throws(ProgressError) {
        #if canImport(Glibc)
        let rc = fdatasync(fd)
        #else
        let rc = fsync(fd)
        #endif
        if rc != 0 { throw .io(path: path, action: "fsync", reason: errorText()) }
    }

    /// Makes a rename or a file creation in `directory` durable.
    static func syncDirectory(_ directory: String) throws(ProgressError) {
        let fd = try open(directory, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        if fsync(fd) != 0 { throw .io(path: directory, action: "fsync", reason: errorText()) }
    }

    static func size(_ fd: Int32, path: String) throws(ProgressError) -> Int {
        var info = stat()
        if fstat(fd, &info) != 0 { throw .io(path: path, action: "stat", reason: errorText()) }
        return Int(info.st_size)
    }

    /// Reads `count` bytes from `offset` (fewer only at end of file).
    static func read(_ fd: Int32, from offset: Int, count: Int, path: String) throws(ProgressError) -> [UInt8] {
        // Not zero-filled first: for a long log that alone took a tenth of reading it.
        var failure: Int32 = 0
        let buffer = [UInt8](unsafeUninitializedCapacity: count) { storage, initialized in
            var done = 0
            while done < count {
                let n = pread(fd, storage.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if n == 0 { break }
                done += n
            }
            initialized = done
        }
        if failure != 0 { throw .io(path: path, action: "read", reason: errorText(failure)) }
        return buffer
    }

    /// The whole file, or nil when it does not exist. Refuses files over `limit` bytes so a
    /// stray huge file gives a clear error instead of exhausting memory.
    static func readFile(_ path: String, limit: Int) throws(ProgressError) -> [UInt8]? {
        var fd: Int32
        repeat { fd = systemOpen(path, O_RDONLY | O_CLOEXEC, 0) } while fd < 0 && errno == EINTR
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .io(path: path, action: "open", reason: errorText())
        }
        defer { close(fd) }
        let size = try size(fd, path: path)
        guard size <= limit else { throw .tooLarge(path: path, size: size, limit: limit) }
        return try read(fd, from: 0, count: size, path: path)
    }

    /// Replaces `path` atomically: a temporary file is written and synced, renamed over the
    /// old one, and the directory synced. A crash leaves either the old or the new file.
    static func writeAtomically(_ bytes: [UInt8], to path: String, directory: String) throws(ProgressError) {
        let temporary = path + ".tmp"
        let fd = try open(temporary, O_WRONLY | O_CREAT | O_TRUNC)
        do throws(ProgressError) {
            try writeAll(fd, bytes, path: temporary)
            if fsync(fd) != 0 { throw .io(path: temporary, action: "fsync", reason: errorText()) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        if rename(temporary, path) != 0 {
            let reason = errorText()
            unlink(temporary)
            throw .io(path: path, action: "rename", reason: reason)
        }
        try syncDirectory(directory)
    }
}

private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    #if canImport(Glibc)
    Glibc.open(path, flags, mode)
    #else
    Darwin.open(path, flags, mode)
    #endif
}
