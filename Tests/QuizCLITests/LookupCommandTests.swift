import Foundation
import Testing

/// `quiz lookup` and `quiz codeset` end to end, through the built executable.
@Suite struct LookupCommandTests {
    private func decode(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func jsonGivesOfficialTitlesAndBillableFlagsAndFailsOnTheInvalidCode() throws {
        let outcome = try QuizProcess.run(["lookup", "M53.3", "M54.5", "S39.012A", "S06.1X7D", "--json"])
        #expect(outcome.status == 1)
        let objects = try #require(try decode(outcome.standardOutput) as? [[String: Any]])
        #expect(objects.count == 4)
        #expect(objects[0]["code"] as? String == "M53.3")
        #expect(objects[0]["title"] as? String == "Sacrococcygeal disorders, not elsewhere classified")
        #expect(objects[0]["billable"] as? Bool == true)
        #expect(objects[0]["kind"] as? String == "code")
        #expect(objects[0]["parent"] as? String == "M53")
        #expect(objects[1]["billable"] as? Bool == false)
        #expect(objects[1]["children"] as? [String] == ["M54.50", "M54.51", "M54.59"])
        let notes = try #require(objects[1]["notes"] as? [String: [[String: Any]]])
        #expect(notes["excludes1"]?.contains { $0["text"] as? String == "low back strain (S39.012)" } == true)
        #expect(objects[2]["title"] as? String == "Strain of muscle, fascia and tendon of lower back, initial encounter")
        #expect(objects[2]["billable"] as? Bool == true)
        #expect(objects[3]["valid"] as? Bool == false)
        #expect((objects[3]["error"] as? String)?.contains("does not apply to S06.1X7") == true)
        let suggestions = try #require(objects[3]["suggestions"] as? [[String: Any]])
        #expect(suggestions.first?["code"] as? String == "S06.1X7A")
    }

    @Test func textShowsThePathAndWhatToPickUnderAHeader() throws {
        let outcome = try QuizProcess.run(["lookup", "m545"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.hasPrefix("M54.5  Low back pain\n"))
        #expect(outcome.standardOutput.contains("Not billable: pick one of these 3 codes"))
        #expect(outcome.standardOutput.contains("M54.50  Low back pain, unspecified"))
        #expect(outcome.standardOutput.contains("› M54 Dorsalgia"))
    }

    @Test func anUnknownCodeExitsOneWithSuggestions() throws {
        let outcome = try QuizProcess.run(["lookup", "M53.33"])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.contains("M53.33 is not an ICD-10-CM code"))
        #expect(outcome.standardOutput.contains("Did you mean:"))
        #expect(outcome.standardOutput.contains("M53.3 "))
    }

    @Test func wordsAreSearched() throws {
        let outcome = try QuizProcess.run(["lookup", "coccygodynia", "--json"])
        #expect(outcome.status == 0)
        let object = try #require(try decode(outcome.standardOutput) as? [String: Any])
        #expect(object["query"] as? String == "coccygodynia")
        let matches = try #require(object["matches"] as? [[String: Any]])
        #expect(matches.first?["code"] as? String == "M53.3")
        #expect(matches.first?["billable"] as? Bool == true)
    }

    @Test func codesetInfoReportsTheRelease() throws {
        let outcome = try QuizProcess.run(["codeset", "info", "--json"])
        #expect(outcome.status == 0)
        let info = try #require(try decode(outcome.standardOutput) as? [String: Any])
        #expect(info["release"] as? String == "2026-04-01")
        #expect(info["billable"] as? Int == 74_719)
        #expect(info["chapters"] as? Int == 22)
        #expect(info["categories"] as? Int == 1_918)
        #expect(info["sourceSHA256"] as? String == "f161f8182aff3ce3a2a78e202f8259c08eaee2c670a9e45b0072445c52302935")
    }

    @Test func malformedXMLExitsTwoNamingTheLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let xml = directory.appendingPathComponent("broken.xml")
        try Data("<?xml version=\"1.0\"?>\n<ICD10CM.tabular>\n  <chapter>\n    <name>1</oops>\n".utf8).write(to: xml)
        let outcome = try QuizProcess.run(["codeset", "import", xml.path, "--out", directory.appendingPathComponent("x.codeset").path])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("\(xml.path):4:"))
        #expect(outcome.standardError.contains("malformed XML"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("x.codeset").path))
    }

    @Test func aDamagedCodeSetIsRefusedWithItsPath() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-\(UUID().uuidString).codeset")
        try Data("ICDCODES?".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try QuizProcess.run(["lookup", "M53.3"], environment: ["QUIZ_CODESET": file.path])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains(file.path))
    }

    @Test func badUsageExitsTwo() throws {
        let outcome = try QuizProcess.run(["lookup", "--limit", "0", "pain"])
        #expect(outcome.status == 2)
    }
}
