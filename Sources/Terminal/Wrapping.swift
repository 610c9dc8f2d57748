/// Wraps prose to the terminal width at word boundaries, keeping paragraphs and an indent.
public enum Wrapping {
    /// `text` broken into lines of at most `width` columns (a longer word stands alone), each
    /// prefixed with `indent`. Newlines in the text start new paragraphs.
    public static func wrap(_ text: String, width: Int, indent: String = "") -> String {
        let available = max(width - indent.count, 10)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if line.isEmpty {
                    line = String(word)
                } else if line.count + 1 + word.count <= available {
                    line += " " + word
                } else {
                    lines.append(indent + line)
                    line = String(word)
                }
            }
            lines.append(line.isEmpty ? "" : indent + line)
        }
        return lines.joined(separator: "\n")
    }
}
