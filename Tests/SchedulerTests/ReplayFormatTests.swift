import Foundation
import Testing
@testable import Scheduler

@Suite struct ReplayFormatTests {
    func run(_ text: String) throws(ReplayError) -> [String] {
        var out: [String] = []
        try Replay.process(Data(text.utf8), scheduler: Scheduler(configuration: .reference)) { out.append($0) }
        return out
    }

    @Test func writesTheReferenceFieldsAndKeepsIDs() throws {
        let out = try run(#"{"id": "card-7", "history": [{"rating": 3, "review_at": "2024-05-01T08:30:00+00:00"}]}"# + "\n\n")
        #expect(out == [
            #"{"id":"card-7","after_each":[{"state":"Learning","step":1,"stability":2.3065,"difficulty":2.118103970459016,"due":"2024-05-01T08:40:00Z","retrievability_at_next_review":null,"retrievability_at_due":1.0}]}"#,
        ])
    }

    @Test func missingIDsAreNumberedLikeTheReference() throws {
        let line = #"{"history": [{"rating": 1, "review_at": "2024-05-01T08:30:00Z"}]}"#
        let out = try run("\(line)\n\n\(line)\n")
        #expect(out.map { $0.prefix(8) } == [#"{"id":0,"#, #"{"id":1,"#])
    }

    @Test func badLinesAreNamedByLineNumber() {
        #expect(throws: ReplayError.self) { try run("{\"history\": []}\nnot json\n") }
        do {
            _ = try run("{\"history\": []}\n\n{\"history\": [{\"rating\": 5, \"review_at\": \"2024-05-01T08:30:00Z\"}]}")
            Issue.record("a rating of 5 was accepted")
        } catch {
            #expect(error == .badRating(line: 3, review: 0, value: 5))
            #expect(error.description.contains("1 (Again)"))
        }
        do {
            _ = try run("{\"history\": [{\"rating\": 3, \"review_at\": \"yesterday\"}]}")
            Issue.record("a bad timestamp was accepted")
        } catch {
            #expect(error == .badTimestamp(line: 1, review: 0, text: "yesterday"))
        }
        do {
            _ = try run("{\"id\": 1}")
            Issue.record("a line without history was accepted")
        } catch {
            #expect(error.line == 1)
            #expect(error.description.contains("history"))
        }
    }

    @Test func controlCharactersInIDsAreEscaped() throws {
        let out = try run(#"{"id": "a\u0007\"b", "history": []}"#)
        #expect(out == [#"{"id":"a\u0007\"b","after_each":[]}"#])
    }
}

@Suite struct TimestampTests {
    @Test func roundTripsWholeSecondsAndMicroseconds() throws {
        for text in ["2024-05-01T08:30:00Z", "1999-12-31T23:59:59Z", "2024-02-29T00:00:00Z", "2024-11-30T17:46:58.856497Z"] {
            let date = try #require(Timestamp.parse(text))
            #expect(Timestamp.format(date) == text)
        }
    }

    @Test func acceptsOffsetsAndAgreesWithFoundation() throws {
        let a = try #require(Timestamp.parse("2024-05-01T10:30:00+02:00"))
        let b = try #require(Timestamp.parse("2024-05-01T08:30:00Z"))
        #expect(a == b)
        let formatter = ISO8601DateFormatter()
        #expect(b == formatter.date(from: "2024-05-01T08:30:00Z"))
    }

    @Test(arguments: ["", "2024-05-01", "2024-05-01T08:30:00", "2024-13-01T08:30:00Z", "2023-02-29T08:30:00Z",
                      "2024-05-01T24:00:00Z", "2024-05-01T08:30:00Zjunk", "2024-05-01T08:30:00.Z", "２０２４-05-01T08:30:00Z"])
    func rejectsMalformedTimes(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }
}

/// The byte-level parser is only a faster route: it must give what JSONDecoder gives, or step aside.
@Suite struct FastParserTests {
    static let lines = [
        #"{"id": 3, "history": [{"rating": 3, "review_at": "2024-05-01T08:30:00Z"}]}"#,
        #"  { "history" : [ { "review_at" : "2024-05-01T08:30:00.5+02:00" , "rating" : 1 } ] , "id" : "x" }  "#,
        #"{"id": "a\"b", "history": [{"rating": 2, "review_at": "2024-05-01T08:30:00Z"}]}"#,
        #"{"id": 1, "history": [{"rating": 3.0, "review_at": "2024-05-01T08:30:00Z"}]}"#,
        #"{"id": -4, "extra": {"a": [1, "}", {"b": null}], "c": true}, "history": [], "after_each": [{"x": 1e-5}]}"#,
        #"{"id": 5, "history": [{"rating": 4, "note": "\u00e9\\", "review_at": "2024-05-01T08:30:00Z"}]}"#,
    ]

    @Test(arguments: lines)
    func agreesWithJSONDecoder(line: String) throws {
        let data = Data(line.utf8)
        #expect(try Replay.parse(line: data, index: 9, lineNumber: 1) == Replay.parseWithFoundation(line: data, index: 9, lineNumber: 1))
    }

    @Test func agreesOnEveryFixtureLine() throws {
        let url = try #require(Bundle.module.url(forResource: "vectors_seed42_n400", withExtension: "jsonl", subdirectory: "Fixtures"))
        for (n, line) in try Data(contentsOf: url).split(separator: 10).enumerated() {
            let data = Data(line)
            #expect(try Replay.parse(line: data, index: n, lineNumber: n + 1) == Replay.parseWithFoundation(line: data, index: n, lineNumber: n + 1))
        }
    }

    @Test(arguments: [#"{"history": [{"rating": 3}]}"#, #"{"history": [{"rating": 3, "review_at": "2024-05-01T08:30:00Z"}]"#, #"{"id": 1}"#, #"[1, 2]"#])
    func malformedLinesGetJSONDecodersMessage(line: String) {
        #expect(throws: ReplayError.self) { try Replay.parse(line: Data(line.utf8), index: 0, lineNumber: 7) }
    }
}
