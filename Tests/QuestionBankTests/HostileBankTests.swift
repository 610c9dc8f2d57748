import Foundation
import Testing
@testable import QuestionBank

/// Banks written to break the loader: each gets a precise problem, never a crash, and the
/// other banks of the folder still load.
@Suite struct HostileBankTests {
    func problems(_ bytes: [UInt8], name: String = "hostile.yaml") -> [LintProblem] {
        var loaded = LoadedBanks()
        let (bank, problems) = BankParser.parse(data: Data(bytes), file: name)
        loaded.problems = problems
        if let bank { loaded.banks = [bank] }
        return Linter(codeSet: Fixtures.codeSet).lint(loaded)
    }

    func problems(_ text: String) -> [LintProblem] { problems(Array(text.utf8)) }

    @Test func brokenYAMLGivesLineAndColumn() {
        let found = problems("bank: x\ntitle: [unclosed\ncodeset: 2026-04-01\n")
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("YAML syntax error:") == true)
        #expect(found.first?.line == 3)
        #expect(found.first?.column != nil)
        let tab = problems("bank: x\n\tcases: []\n")
        #expect(tab.first?.line == 2)
        #expect(tab.first?.message.contains("YAML syntax error") == true)
    }

    @Test func wrongTypesAreSchemaErrors() {
        let found = problems("- just\n- a list\n")
        #expect(found.map(\.message) == ["a bank must be a mapping with bank:, title:, codeset:, and pages: and/or cases:; found a list"])
        let cases = problems(Fixtures.minimalBank.replacingOccurrences(of: "    answer: [M54.50]", with: "    answer: {code: M54.50}"))
        #expect(cases.contains { $0.line == 7 && $0.message.contains("`answer` must be one or more codes in reporting order") })
        let billable = problems("bank: b\ntitle: B\ncodeset: 2026-04-01\npages:\n  - code: M53.3\n    billable: maybe\n")
        #expect(billable.contains { $0.line == 6 && $0.message == "`billable` must be true or false; found a text" })
    }

    @Test func emptyFilesSayWhatABankNeeds() {
        for text in ["", "\n\n", "# only a comment\n", "~\n"] {
            let found = problems(text)
            #expect(found.count == 1)
            #expect(found.first?.message.hasPrefix("the file is empty: a bank needs at least `bank:`") == true)
        }
    }

    @Test func aTenMegabyteStemIsRefusedBeforeParsing() {
        let stem = String(repeating: "pain ", count: 2_000_000)
        let found = problems(Fixtures.minimalBank.replacingOccurrences(of: "A 52-year-old reports", with: stem))
        #expect(found.count == 1)
        #expect(found.first?.message.contains("a bank may be at most 5.0 MB") == true)
    }

    @Test func anOverlongTextIsRefused() {
        let stem = String(repeating: "x", count: 25_000)
        let found = problems(Fixtures.minimalBank.replacingOccurrences(of: "A 52-year-old reports", with: stem))
        #expect(found.contains { $0.line == 6 && $0.message.contains("`stem` is 25") && $0.message.contains("limited to 20000") })
    }

    @Test func deepNestingIsRefusedWithoutCrashing() {
        let flow = "bank: " + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000) + "\n"
        #expect(problems(flow).first?.message.contains("nests deeper than 32 levels") == true)
        var block = "bank: b\ntitle: t\ncodeset: 2026-04-01\ndescription:\n"
        for depth in 1...2_000 { block += String(repeating: " ", count: depth) + "k\(depth):\n" }
        #expect(problems(block).first?.message.contains("nests deeper than 32 levels") == true)
        let dashes = "cases:\n" + String(repeating: "- ", count: 100_000) + "x\n"
        #expect(problems(dashes).first?.message.contains("nests deeper than 32 levels") == true)
    }

    @Test func aliasBombsDoNotExplode() {
        var yaml = "bank: b\ntitle: t\ncodeset: 2026-04-01\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 { yaml += "x\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n" }
        yaml += "cases: *a9\n"
        let found = problems(yaml)
        #expect(found.contains { $0.message.contains("unknown key `x0`") })
        #expect(found.contains { $0.message.contains("more than 20000 items") || $0.message.contains("a case must be") })
    }

    @Test func duplicateKeysAreReported() {
        let found = problems(Fixtures.minimalBank.replacingOccurrences(of: "    answer: [M54.50]", with: "    answer: [M54.50]\n    answer: [M54.59]"))
        #expect(found.contains { $0.line == 8 && $0.message == "duplicate key `answer` in a case (first at line 7): each key may appear once" })
    }

    @Test func escapeSequencesAndControlCharactersAreErrors() {
        let found = problems(Fixtures.minimalBank.replacingOccurrences(
            of: "stem: A 52-year-old reports aching low back pain for three weeks, without injury.",
            with: "stem: \"Low back pain \\e[31m red \\e]0;title\\a\""))
        #expect(found.contains { $0.line == 6 && $0.message == "`stem` contains a terminal escape sequence; banks hold plain text only (remove it)" })
        let raw = problems(Fixtures.minimalBank.replacingOccurrences(of: "Test bank", with: "Test \u{1B}[2J bank"))
        #expect(raw.first?.message.contains("control characters are not allowed") == true)
        #expect(raw.first?.line == 2)
        let bell = problems(Fixtures.minimalBank.replacingOccurrences(of: "title: Test bank", with: "title: \"Test \\a bank\""))
        #expect(bell.contains { $0.line == 2 && $0.message.contains("contains a control character") })
    }

    @Test func invalidUTF8NamesTheLine() {
        var bytes = Array(Fixtures.minimalBank.utf8)
        let position = Array(Fixtures.minimalBank.utf8).firstIndex(of: UInt8(ascii: "T"))!  // "Test bank", line 2
        bytes.insert(contentsOf: [0xC3, 0x28], at: position)
        let found = problems(bytes)
        #expect(found.count == 1)
        #expect(found.first?.line == 2)
        #expect(found.first?.column == 8)
        #expect(found.first?.message.hasPrefix("invalid UTF-8 at byte") == true)
    }

    @Test func unknownAndNonBillableCodesAreNamed() {
        let found = problems(Fixtures.minimalBank.replacingOccurrences(of: "[M54.50]", with: "[Q99.99X]")
            .replacingOccurrences(of: "code: M54.59", with: "code: M47"))
        #expect(found.contains { $0.code == "Q99.99X" && $0.message.contains("is not an ICD-10-CM code") })
        #expect(found.contains { $0.code == "M47" && $0.message.contains("M47 (Spondylosis) is not billable: use one of M47.9 (Spondylosis, unspecified)") && $0.message.contains("and 39 more") })
        let range = problems(Fixtures.minimalBank.replacingOccurrences(of: "code: M54.59", with: "code: M40-M54"))
        #expect(range.contains { $0.code == "M40-M54" && $0.message.contains("is a range of the tabular") })
        let words = problems(Fixtures.minimalBank.replacingOccurrences(of: "code: M54.59", with: "code: back pain"))
        #expect(words.contains { $0.code == "back pain" && $0.message.contains("is not an ICD-10-CM code (a letter") })
    }

    @Test func otherBanksInTheFolderStillLoad() throws {
        let folder = try Fixtures.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files: [String: [UInt8]] = [
            "a-broken.yaml": Array("bank: [\n".utf8),
            "b-empty.yaml": [],
            "c-binary.yml": [0xFF, 0xFE, 0x00, 0x01],
            "d-good.yaml": Array(Fixtures.minimalBank.utf8),
            "e-wrong.yaml": Array("bank: 12\ntitle: [x]\ncodeset: 2026-04-01\ncases: nope\n".utf8),
        ]
        for (name, bytes) in files { try Data(bytes).write(to: folder.appendingPathComponent(name)) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("nested"), withIntermediateDirectories: true)
        try Data(Fixtures.minimalBank.replacingOccurrences(of: "test-bank", with: "nested-bank").utf8)
            .write(to: folder.appendingPathComponent("nested/f.yaml"))
        let loaded = try BankLoader().load(paths: [folder.path])
        #expect(loaded.files.count == 6)
        #expect(Set(loaded.banks.map(\.id)) == ["test-bank", "nested-bank", "12"])
        let problems = Linter(codeSet: Fixtures.codeSet).lint(loaded)
        let byFile = Dictionary(grouping: problems) { URL(fileURLWithPath: $0.file).lastPathComponent }
        #expect(byFile["a-broken.yaml"]?.first?.message.hasPrefix("YAML syntax error") == true)
        #expect(byFile["b-empty.yaml"]?.first?.message.hasPrefix("the file is empty") == true)
        #expect(byFile["c-binary.yml"]?.first?.message.hasPrefix("invalid UTF-8 at byte 0") == true)
        #expect(byFile["d-good.yaml"] == nil)
        #expect(byFile["f.yaml"] == nil)
        #expect(byFile["e-wrong.yaml"]?.map(\.line).sorted() == [2, 4])
    }
}

@Suite struct LinkedFolderTests {
    @Test func aLinkedBanksFolderIsListedThroughItsTarget() throws {
        let folder = try Fixtures.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("shared-banks")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try Data(Fixtures.minimalBank.utf8).write(to: target.appendingPathComponent("bank.yaml"))
        let link = folder.appendingPathComponent("QuestionBanks")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let loaded = try BankLoader().load(paths: [link.path])
        #expect(loaded.files == [link.path + "/bank.yaml"])
        #expect(loaded.banks.map(\.id) == ["test-bank"])
    }
}
