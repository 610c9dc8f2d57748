import Terminal
import Testing

@Suite struct SafeTextTests {
    @Test func escapeSequencesAreRemovedWhole() {
        #expect(SafeText.sanitized("\u{1B}[31mred\u{1B}[0m text") == "red text")
        #expect(SafeText.sanitized("title\u{1B}]0;pwned\u{07}end") == "titleend")
        #expect(SafeText.sanitized("a\u{9B}2Jb") == "ab")
    }

    @Test func controlCharactersAreDroppedAndWhitespaceKeptReadable() {
        #expect(SafeText.sanitized("a\u{00}b\u{08}c\u{7F}d") == "abcd")
        #expect(SafeText.sanitized("one\ttwo\nthree") == "one two three")
        #expect(SafeText.sanitized("one\ntwo", keepNewlines: true) == "one\ntwo")
        #expect(SafeText.sanitized("abc\u{202E}def") == "abcdef")
    }

    @Test func ordinaryTextIsUntouched() {
        let text = "Sacrococcygeal disorders, not elsewhere classified — Ménière’s"
        #expect(SafeText.sanitized(text) == text)
        #expect(!SafeText.containsControlCharacters(text))
        #expect(SafeText.containsControlCharacters("x\u{1B}[2J"))
    }
}
