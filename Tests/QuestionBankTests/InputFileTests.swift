import Foundation
import Testing
@testable import QuestionBank

/// Files from outside are read up to a limit: never more than one byte past it, so a huge
/// file or an endless device is refused without filling memory.
@Suite struct InputFileTests {
    @Test func aFileWithinTheLimitIsReadWhole() throws {
        let folder = try Fixtures.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("small.gift").path
        try Data(repeating: 0x61, count: 1_000).write(to: URL(fileURLWithPath: path))
        #expect(try InputFile.read(path, limit: 1_000).count == 1_000)
        #expect(throws: InputFile.ReadError.tooLarge(path: path, limit: 999)) { try InputFile.read(path, limit: 999) }
    }

    @Test func anEndlessDeviceIsRefusedAtTheLimit() {
        #expect(throws: InputFile.ReadError.tooLarge(path: "/dev/zero", limit: 3_000_000)) {
            try InputFile.read("/dev/zero", limit: 3_000_000)
        }
    }

    @Test func pagesAndBanksAreReadThroughTheLimit() {
        #expect(throws: PageImportError.tooLarge(path: "/dev/zero", limit: BankParser.maximumFileBytes)) {
            try PageImporter().importPage(path: "/dev/zero")
        }
        let (bank, problems) = BankLoader().load(file: "/dev/zero")
        #expect(bank == nil)
        #expect(problems.first?.message.contains("larger than 5.0 MB") == true)
    }

    @Test func aMissingFileSaysSo() {
        do {
            _ = try InputFile.read("/nonexistent/cases.csv")
            Issue.record("a missing file was read")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/cases.csv: cannot read the file:"))
        }
    }
}
