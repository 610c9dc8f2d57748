import Foundation
import Testing

/// `quiz lint` and `quiz import page` end to end, through the built executable.
@Suite struct LintCommandTests {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = package.appendingPathComponent("Tests/QuestionBankTests/Fixtures")
    static let seedPage = package.deletingLastPathComponent().appendingPathComponent("shared/seeds/M53.3-code-page.txt").path

    private func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func problems(_ outcome: QuizProcess.Outcome) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        return try #require(object?["problems"] as? [[String: Any]])
    }

    /// The project's own banks: clean, and there are some.
    @Test func theShippedBanksAreClean() throws {
        let folder = Self.package.appendingPathComponent("QuestionBanks").path
        let outcome = try QuizProcess.run(["lint", folder])
        #expect(outcome.status == 0, "\(outcome.standardOutput)\(outcome.standardError)")
        #expect(!outcome.standardOutput.contains(" error: "))
        #expect(!outcome.standardOutput.contains("no bank files"))
        #expect(outcome.standardOutput.contains(" checked: "))
    }

    @Test func theSeedPageImportsAndLintReportsItsErrors() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bank = folder.appendingPathComponent("m53-3.yaml").path
        let imported = try QuizProcess.run(["import", "page", Self.seedPage, "--out", bank])
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardError.contains("Wrote \(bank): M53.3, 4 differentials, 1 clinical and 1 coding examples"))
        let outcome = try QuizProcess.run(["lint", bank, "--json"])
        #expect(outcome.status == 1)
        let found = try problems(outcome)
        func problem(_ code: String, _ text: String) -> [String: Any]? {
            found.first { $0["code"] as? String == code && ($0["message"] as? String)?.contains(text) == true }
        }
        let title = try #require(problem("M53.3", "is not its official title"))
        #expect((title["message"] as? String)?.contains("\"Sacrococcygeal disorders, not elsewhere classified\"") == true)
        #expect(title["severity"] as? String == "error")
        #expect(title["file"] as? String == bank)
        #expect((title["line"] as? Int ?? 0) > 0)
        #expect(problem("M54.5", "is not billable: use one of M54.50 (Low back pain, unspecified), M54.51 (Vertebrogenic low back pain), M54.59 (Other low back pain)") != nil)
        #expect(problem("M51.2", "is not billable: use one of M51.24") != nil)
        #expect(problem("M47", "is not billable: use one of M47.9 (Spondylosis, unspecified), M47.10") != nil)
        #expect(problem("M54.2", "") == nil)
        let leak = found.first { ($0["message"] as? String)?.contains("leaves out \"Code as M53.3 because") == true }
        #expect(leak?["severity"] as? String == "warning")
        #expect(leak?["code"] is NSNull)
        let text = try QuizProcess.run(["lint", bank])
        #expect(text.status == 1)
        #expect(text.standardOutput.contains("\(bank):11: error: the title written for M53.3"))
        #expect(text.standardOutput.hasSuffix("1 bank file checked: 5 errors, 2 warnings\n"))
    }

    @Test func anotherPageImportsToStandardOutput() throws {
        let outcome = try QuizProcess.run(["import", "page", Self.fixtures.appendingPathComponent("pages/M54.2-code-page.txt").path])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("bank: \"page-m54-2\""))
        #expect(outcome.standardOutput.contains("  - code: \"M54.2\""))
        #expect(outcome.standardOutput.contains("      - code: \"S13.4\""))
    }

    @Test func importingSomethingThatIsNotAPageExitsTwo() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("notes.txt")
        try "Just some notes\n\nwith no code at all\n".write(to: file, atomically: true, encoding: .utf8)
        let outcome = try QuizProcess.run(["import", "page", file.path])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("no code found"))
        let missing = try QuizProcess.run(["import", "page", folder.appendingPathComponent("missing.txt").path])
        #expect(missing.status == 2)
    }

    @Test func aCleanBankExitsZero() throws {
        let outcome = try QuizProcess.run(["lint", Self.fixtures.appendingPathComponent("valid").path])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == "1 bank file checked: no problems\n")
        let json = try QuizProcess.run(["lint", Self.fixtures.appendingPathComponent("valid").path, "--json"])
        #expect(json.status == 0)
        #expect(try problems(json).isEmpty)
    }

    @Test func withoutAPathLintChecksQuestionBanksOfQuizHome() throws {
        let home = try scratch()
        defer { try? FileManager.default.removeItem(at: home) }
        let banks = home.appendingPathComponent("QuestionBanks")
        try FileManager.default.createDirectory(at: banks, withIntermediateDirectories: true)
        let empty = try QuizProcess.run(["lint"], environment: ["QUIZ_HOME": home.path])
        #expect(empty.status == 1)
        #expect(empty.standardOutput.contains("no bank files (*.yaml, *.yml) found"))
        try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent("valid/sample-dorsopathies.yaml").path,
                                         toPath: banks.appendingPathComponent("sample.yaml").path)
        try "bank: [\n".write(to: banks.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let outcome = try QuizProcess.run(["lint", "--json"], environment: ["QUIZ_HOME": home.path])
        #expect(outcome.status == 1)
        let found = try problems(outcome)
        #expect(found.count == 1)
        #expect((found.first?["file"] as? String)?.hasSuffix("QuestionBanks/broken.yaml") == true)
        #expect(found.first?["column"] as? Int != nil)
    }

    @Test func aMissingPathIsBadInput() throws {
        let outcome = try QuizProcess.run(["lint", "/nonexistent/banks.yaml"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("/nonexistent/banks.yaml: no such file or folder"))
    }

    @Test func problemTextIsSafeToPrint() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("escape.yaml")
        try "bank: b\ntitle: t\ncodeset: 2026-04-01\ncases: []\n\"\\e]0;pwned\\a\": 1\n".write(to: file, atomically: true, encoding: .utf8)
        let outcome = try QuizProcess.run(["lint", file.path])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.contains("unknown key"))
        #expect(!outcome.standardOutput.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }
}
