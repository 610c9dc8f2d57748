import Foundation
import Testing

/// Escape sequences and control characters planted in every text quiz prints from a file — a
/// bank's stems, rationales, why-nots, titles and tags, the code set's titles and notes, a GIFT
/// file to import (refused), a typed answer — never reach the terminal. Each planted text carries a
/// marker word, so the test also proves that the text itself was shown.
@Suite struct TerminalSafetyTests {
    /// ESC sequences (CSI, OSC with BEL), 8-bit CSI, BEL, carriage return, backspace and a
    /// right-to-left override, in YAML's double-quoted escapes.
    static let bank = #"""
        bank: hostile
        title: "Hostile \e[2J bank"
        codeset: 2026-04-01
        cases:
          - id: coccyx-fall
            stem: "A 34-year-old woman STEMMARK \e[31mhas\e[0m pain at the tip of her tailbone \e]0;pwned\a for six weeks after a fall.\r\b Assessment: coccygodynia \u009B2J."
            answer: [M53.3]
            distractors:
              - code: M54.50
                why_not: "The pain is WHYNOTMARK \e[5m localised \u202E to the coccyx."
              - code: M54.59
                why_not: Other low back pain is for specified low back pain that is not coccygeal.
              - code: S32.2XXA
                why_not: X-rays show no fracture of the coccyx.
            rationale: "Coccygodynia RATIONALEMARK \e[?25l is listed under M53.3.\a"
            tags: ["tag\e[1mTAGMARK"]
        """#

    /// A GIFT file as another tool might write it, with raw control bytes in every part.
    static let gift = "::GIFTNAMEMARK\u{1B}[2J::A 52-year-old GIFTSTEMMARK \u{1B}[31mhas low back pain\u{07} for 3 weeks. {\n"
        + "=M54.50#Right \u{1B}]0;x\u{07}GIFTFEEDBACKMARK.\n"
        + "~M54.59#GIFTWHYNOTMARK \u{9B}1m other kinds are documented.\n"
        + "~S39.012A#There was no injury.\n"
        + "####GIFTGENERALMARK \u{1B}[?25l unspecified.\n}\n\n"
        + "::essay GIFTSKIPMARK\u{1B}[5m::Describe \u{1B}[2J it. {}\n"

    /// The same file cleaned: what an instructor imports once quiz has refused the first.
    static let cleanGift = "::GIFTNAMEMARK::A 52-year-old GIFTSTEMMARK has low back pain for 3 weeks. {\n"
        + "=M54.50#Right GIFTFEEDBACKMARK.\n"
        + "~M54.59#GIFTWHYNOTMARK other kinds are documented.\n"
        + "~S39.012A#There was no injury.\n"
        + "####GIFTGENERALMARK unspecified.\n}\n\n"
        + "::essay GIFTSKIPMARK::Describe it. {}\n"

    /// The shipped code set with control characters written over a title and a note: the
    /// records keep their lengths, so the file still opens.
    static func doctoredCodeSet(in folder: URL) throws -> String {
        let source = KilledSessionTests.package.appendingPathComponent("Sources/CodeSet/Resources/icd10cm.codeset")
        var bytes = [UInt8](try Data(contentsOf: source))
        func overwrite(_ original: String, with hostile: String) throws {
            let old = Array(original.utf8), new = Array(hostile.utf8)
            try #require(new.count <= old.count)
            let replacement = new + old.suffix(old.count - new.count)
            let at = try #require(bytes.indices.first { bytes[$0] == old[0] && bytes[$0..<min($0 + old.count, bytes.count)].elementsEqual(old) })
            bytes.replaceSubrange(at..<at + old.count, with: replacement)
        }
        try overwrite("Low back pain, unspecified", with: "\u{1B}[2JTITLEMARK\u{9B}1m\u{07}")
        try overwrite("Sacrococcygeal disorders, not elsewhere classified", with: "\u{1B}]0;pwned\u{07}ANSWERTITLEMARK\r\u{8}")
        try overwrite("low back strain", with: "\u{1B}[5mNOTEMARK")
        let path = folder.appendingPathComponent("doctored.codeset").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The scalars that must never be printed: C0 controls but the newline, DEL, C1 controls
    /// and the bidirectional overrides.
    static func controls(in text: String) -> [String] {
        text.unicodeScalars.compactMap { scalar -> String? in
            switch scalar.value {
            case 0x0A: nil
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: String(format: "U+%04X", scalar.value)
            default: nil
            }
        }
    }

    @Test func plantedEscapesNeverReachTheTerminal() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-hostile-\(UUID().uuidString)")
        let banks = home.appendingPathComponent("QuestionBanks")
        try FileManager.default.createDirectory(at: banks, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try Data(Self.bank.utf8).write(to: banks.appendingPathComponent("hostile.yaml"))
        let giftFile = home.appendingPathComponent("hostile.gift"), cleanGiftFile = home.appendingPathComponent("moodle.gift")
        try Data(Self.gift.utf8).write(to: giftFile)
        try Data(Self.cleanGift.utf8).write(to: cleanGiftFile)
        let giftBank = banks.appendingPathComponent("moodle.yaml")

        // A GIFT file holding control characters is refused at its line and column, and no
        // bank is written.
        let refused = try QuizProcess.run(["import", "gift", giftFile.path, "--out", giftBank.path], environment: [
            "QUIZ_HOME": home.path, "NO_COLOR": "1"])
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("hostile.gift:1: error: column 15 holds a terminal escape sequence"))
        #expect(Self.controls(in: refused.standardOutput + refused.standardError).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: giftBank.path))
        let environment = ["QUIZ_HOME": home.path, "QUIZ_NOW": "2026-11-02T09:00:00Z", "QUIZ_LEARNER": "eve",
                           "NO_COLOR": "1", "QUIZ_CODESET": try Self.doctoredCodeSet(in: home)]

        let runs: [(String, [String], String)] = [
            ("import gift", ["import", "gift", cleanGiftFile.path, "--out", giftBank.path], ""),
            ("lint", ["lint"], ""),
            ("typed practice", ["practice", "--bank", "hostile", "--mode", "typed"],
             ":hint\n:hint\n:lookup M54.50\n:lookup low back\nM54.50\u{1B}[2J\n"),
            ("choice practice of the GIFT bank", ["practice", "--bank", "moodle", "--mode", "typed"], "M54.59\n"),
            ("exam", ["exam", "--bank", "hostile", "--questions", "1"], "a\n"),
            ("lookup", ["lookup", "M54.50", "M53.3", "M54.5", "S39.012A"], ""),
            ("search", ["lookup", "back", "pain"], ""),
            ("drills", ["drills", "M54.5", "--list"], ""),
            ("stats", ["stats"], ""),
            ("stats --all", ["stats", "--all"], ""),
        ]
        var shown = ""
        for (name, arguments, input) in runs {
            let outcome = try QuizProcess.run(arguments, input: input, environment: environment)
            let printed = outcome.standardOutput + outcome.standardError
            #expect(Self.controls(in: printed).isEmpty, "\(name) printed \(Set(Self.controls(in: printed)).sorted()):\n\(printed)")
            #expect(outcome.status != 2 || name == "lint", "\(name) failed: \(outcome.standardError)")
            shown += printed
        }
        for marker in ["STEMMARK", "WHYNOTMARK", "RATIONALEMARK", "TITLEMARK", "ANSWERTITLEMARK",
                       "NOTEMARK", "GIFTSTEMMARK", "GIFTWHYNOTMARK", "GIFTGENERALMARK", "GIFTSKIPMARK"] {
            #expect(shown.contains(marker), "\(marker) was never shown: the path it tests was not exercised")
        }
    }
}
