/// What one read of a line gave.
public enum LineInput: Sendable, Equatable {
    /// A line, without its newline.
    case line(String)
    /// Ctrl-D or the end of piped input.
    case end
    /// The deadline passed while waiting (the line being typed is dropped).
    case timedOut
}

/// Reads the learner's answers. ``ReadlineLineReader`` on a terminal, ``PlainLineReader`` on
/// pipes, so scripts and tests drive quiz with the same transcript minus the line editing.
public protocol LineReader: AnyObject {
    func read(prompt: String) -> LineInput
    /// Reads a line before a deadline `seconds` from now, the prompt made afresh from the
    /// seconds left (a countdown). A terminal redraws it every second and gives up at the
    /// deadline; piped input is read as it comes.
    func read(seconds: Double, prompt: @escaping @Sendable (Double) -> String) -> LineInput
}

/// Reads standard input line by line, writing the prompt to standard output first.
public final class PlainLineReader: LineReader {
    private let output: TextOutput

    public init(output: TextOutput = .standardOutput) {
        self.output = output
    }

    public func read(prompt: String) -> LineInput {
        output.write(prompt)
        output.flush()
        guard let line = Swift.readLine(strippingNewline: true) else { return .end }
        // Echo the answer so a piped transcript reads like a session (made safe: it came
        // from a file or another program, not from a keyboard the terminal already echoed).
        output.write(SafeText.sanitized(line) + "\n")
        return .line(line)
    }

    public func read(seconds: Double, prompt: @escaping @Sendable (Double) -> String) -> LineInput {
        read(prompt: prompt(seconds))
    }
}

/// One completion candidate: what is inserted, and what the list shows beside it.
public struct Completion: Sendable, Equatable {
    public var text: String
    public var detail: String?

    public init(_ text: String, detail: String? = nil) {
        self.text = text
        self.detail = detail
    }
}

/// Completes the word under the cursor: `word` is the partial word, `isFirstWord` whether it
/// starts the line (commands complete there).
public typealias Completer = @Sendable (_ word: String, _ isFirstWord: Bool) -> [Completion]
