import Foundation
import Testing
@testable import QuestionBank

/// Whatever text a bank holds, the bank `BankWriter` writes reads back as the same bank: the
/// promise `quiz import` relies on. Each test here is an input the fuzzer found (Fuzz/RESULTS.md).
@Suite struct ReadBackTests {
    func writtenAndReadBack(stem: String) -> (original: HandWrittenCase, read: HandWrittenCase?, problems: [LintProblem]) {
        let item = HandWrittenCase(id: "case-01", stem: stem, answer: ["M54.50"],
                                   distractors: [Distractor(code: "M54.59", whyNot: "Not another kind.")],
                                   rationale: "Low back pain is M54.50.")
        let bank = Bank(id: "read-back", title: "Read back", codeSetRelease: "2026-04-01", cases: [item])
        let (read, problems) = BankParser.parse(data: Data(BankWriter.yaml(bank).utf8), file: "read-back.yaml")
        return (item, read?.cases.first, problems)
    }

    /// Found by the bank fuzzer: brackets in a long text were counted as YAML nesting on the
    /// folded lines of its quoted scalar, so a bank quiz itself wrote was refused.
    @Test func bracketsInAFoldedQuotedTextAreNotNesting() {
        let stem = String(repeating: "word ", count: 30) + String(repeating: "[", count: 40) + " and "
            + String(repeating: "{", count: 40) + " # not a comment"
        let (original, read, problems) = writtenAndReadBack(stem: stem)
        #expect(problems.isEmpty, "\(problems)")
        #expect(read?.stem == original.stem)
    }

    /// Found by the GIFT fuzzer: U+FFFE and U+FFFF are outside YAML's printable set, so written
    /// as themselves they made the imported bank unreadable.
    @Test func noncharactersAreWrittenAsEscapes() {
        let stem = "Before \u{FFFE} between \u{FFFF} and after \u{2028}."
        let (original, read, problems) = writtenAndReadBack(stem: stem)
        #expect(problems.isEmpty, "\(problems)")
        #expect(read?.stem == original.stem)
        #expect(BankWriter.quoted(stem, indent: 0).contains("\\uFFFE"))
    }

    /// A single-quoted text folded over lines keeps its `''` and its brackets as text.
    @Test func singleQuotedTextFoldedOverLinesIsText() {
        let yaml = Fixtures.minimalBank.replacingOccurrences(
            of: "stem: A 52-year-old reports aching low back pain for three weeks, without injury.",
            with: "stem: 'The patient''s note reads\n      " + String(repeating: "[", count: 40) + "\n      ''quoted'' pain'")
        let (bank, problems) = Fixtures.parse(yaml)
        #expect(problems.isEmpty, "\(problems)")
        #expect(bank?.cases.first?.stem == "The patient's note reads " + String(repeating: "[", count: 40) + " 'quoted' pain")
    }

    /// An apostrophe in plain text opens no quote: deep nesting after it is still refused
    /// before the YAML parser can recurse into it.
    @Test func anApostropheInPlainTextDoesNotHideDeepNesting() {
        let yaml = "bank: b\ntitle: the patient's bank\ncodeset: " + String(repeating: "[", count: 100_000)
            + String(repeating: "]", count: 100_000) + "\n"
        let (_, problems) = Fixtures.parse(yaml)
        #expect(problems.first?.message.contains("nests deeper than 32 levels") == true)
        #expect(problems.first?.line == 3)
    }
}
