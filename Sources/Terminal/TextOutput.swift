#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where quiz writes what the learner reads. Everything goes through the C library's buffered
/// standard output (as `print` does), so prompts and text never overtake each other.
public struct TextOutput: Sendable {
    public static let standardOutput = TextOutput()

    public init() {}

    public func write(_ text: String) {
        print(text, terminator: "")
    }

    /// Pushes buffered text out, before waiting for input or after a durable save.
    public func flush() {
        fflush(nil)
    }
}
