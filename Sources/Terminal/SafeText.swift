/// Makes text that came from a file safe to print on a terminal.
///
/// Bank files, code sets and progress files come from anywhere; an escape sequence in a title
/// could recolour, move the cursor or retitle the window. Everything printed that did not
/// originate in quiz itself goes through ``sanitized(_:keepNewlines:)``.
public enum SafeText {
    /// The text with escape sequences removed and other control characters (C0, DEL, C1,
    /// bidirectional overrides) dropped. Tabs become spaces; newlines are kept only when asked.
    public static func sanitized(_ text: String, keepNewlines: Bool = false) -> String {
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x1B:  // ESC: drop the whole sequence it starts
                skipEscapeSequence(&scalars)
            case 0x9B:  // CSI in its 8-bit form
                skipControlSequence(&scalars)
            case 0x0A where keepNewlines:
                result.append(scalar)
            case 0x09, 0x0A, 0x0D:
                result.append(" ")
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069:
                continue
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Whether the text holds anything ``sanitized(_:keepNewlines:)`` would remove.
    public static func containsControlCharacters(_ text: String, allowNewlines: Bool = false) -> Bool {
        text.unicodeScalars.contains { isControl($0, allowNewlines: allowNewlines) }
    }

    /// The first character ``sanitized(_:keepNewlines:)`` would remove (tabs and newlines
    /// aside), with its 1-based line and column, so that an importer can say where it is.
    public static func firstControlCharacter(in text: String) -> (line: Int, column: Int, scalar: Unicode.Scalar)? {
        var line = 1, column = 1
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                line += 1
                column = 1
                continue
            }
            if isControl(scalar, allowNewlines: true) { return (line, column, scalar) }
            column += 1
        }
        return nil
    }

    /// C0 and C1 controls, DEL and bidirectional overrides; a tab is plain text.
    private static func isControl(_ scalar: Unicode.Scalar, allowNewlines: Bool) -> Bool {
        switch scalar.value {
        case 0x0A: !allowNewlines
        case 0x09: false
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    private static func skipEscapeSequence(_ scalars: inout String.UnicodeScalarView.Iterator) {
        guard let next = scalars.next() else { return }
        switch next {
        case "[": skipControlSequence(&scalars)
        case "]", "P", "X", "^", "_":  // OSC, DCS, SOS, PM, APC: up to BEL or ESC \
            while let scalar = scalars.next() {
                if scalar.value == 0x07 { return }
                if scalar.value == 0x1B { _ = scalars.next(); return }
            }
        default: return  // a two-character sequence such as ESC c
        }
    }

    /// CSI: parameter and intermediate bytes up to a final byte in 0x40...0x7E.
    private static func skipControlSequence(_ scalars: inout String.UnicodeScalarView.Iterator) {
        while let scalar = scalars.next() {
            if (0x40...0x7E).contains(scalar.value) { return }
        }
    }
}
