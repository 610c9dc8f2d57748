#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What quiz needs to know about where it is running. Read once at the edge, passed as values.
public struct TerminalFacts: Sendable, Equatable {
    /// Both standard input and output are terminals: line editing and completion apply.
    public var isInteractive: Bool
    /// Colour is used only on a terminal and never when NO_COLOR is set (no-color.org).
    public var usesColor: Bool
    /// Columns to wrap text to.
    public var width: Int

    public init(isInteractive: Bool, usesColor: Bool, width: Int) {
        self.isInteractive = isInteractive
        self.usesColor = usesColor
        self.width = width
    }

    /// The facts of this process: its file descriptors and environment.
    public static func current(environment: [String: String]) -> TerminalFacts {
        let inputIsTerminal = isatty(0) == 1, outputIsTerminal = isatty(1) == 1
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        var width = 80
        var size = winsize()
        if outputIsTerminal, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            width = Int(size.ws_col)
        } else if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 {
            width = columns
        }
        return TerminalFacts(isInteractive: inputIsTerminal && outputIsTerminal,
                             usesColor: outputIsTerminal && !noColor && environment["TERM"] != "dumb",
                             width: min(max(width, 40), 120))
    }
}
