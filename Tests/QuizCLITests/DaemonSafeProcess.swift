import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program that may leave a daemon behind (tmux starts its server, chromium its crash
/// handler) and waits for the program itself, never for the daemon.
///
/// Foundation's `Process` learns that a child ended when a socket the child inherited is
/// closed; a daemon forked by the child inherits that socket too and keeps it open, so
/// `waitUntilExit()` would wait for the daemon — for ever, with a tmux server. Here the child
/// is started with `posix_spawn`, every descriptor above standard error is closed in it, and
/// `waitpid` waits for that one process, killing it when it overruns `timeout`.
enum DaemonSafeProcess {
    struct Timeout: Error, CustomStringConvertible {
        var command: [String]
        var seconds: TimeInterval
        var description: String { "\(command.joined(separator: " ")) was still running after \(Int(seconds)) s and was killed" }
    }

    struct SpawnFailure: Error, CustomStringConvertible {
        var command: [String]
        var code: Int32
        var description: String { "could not start \(command.joined(separator: " ")): \(String(cString: strerror(code)))" }
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc
    /// module does not export: looked up once by name.
    private static let closeFrom: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32 = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            fatalError("this C library has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or later has)")
        }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Runs `command` (an absolute path and its arguments) with standard input from /dev/null
    /// and standard output and error appended to the files at `output` and `error`.
    /// Returns the exit status (128 + the signal number when a signal ended it).
    static func run(_ command: [String], output: String, error: String, timeout: TimeInterval = 120) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, error, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        _ = closeFrom(&actions, 3)

        let arguments = command.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, arguments, environ)
        guard spawned == 0 else { throw SpawnFailure(command: command, code: spawned) }

        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited == -1 && errno != EINTR { throw SpawnFailure(command: command, code: errno) }
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw Timeout(command: command, seconds: timeout)
            }
            usleep(10_000)
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

/// Kills a child that overruns its time, so that a hung `quiz` fails its test instead of
/// holding the whole run until CI gives up on it.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var pid: pid_t?
    private(set) var fired = false

    init(pid: pid_t, seconds: TimeInterval) {
        self.pid = pid
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            lock.withLock {
                guard let pid = self.pid else { return }
                fired = true
                kill(pid, SIGKILL)
            }
        }
    }

    /// Call once the child has been reaped; its pid may then belong to another process.
    func disarm() {
        lock.withLock { pid = nil }
    }
}
