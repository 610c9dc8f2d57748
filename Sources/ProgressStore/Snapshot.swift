import Foundation
import Scheduler

/// `snapshot.jsonl`: the card table as of a point in the log, so opening reads only what came
/// after. A cache: it is checked against the log and rebuilt from it when it does not match.
///
/// Line 1 is this header as a JSON object; then one line per card, a JSON array
/// `["id", phase, step|null, stability, difficulty, "due", "lastReview", reps, lapses, "firstReview"]`.
/// Cards are written and read by hand: with ten thousand cards, Foundation's JSON coders take
/// most of a second where this takes milliseconds, and loading must stay fast for years.
struct Snapshot: Codable, Equatable {
    var schema: Int
    var learner: String
    /// Bytes and lines of reviews.jsonl the snapshot covers.
    var logBytes: Int
    var logLines: Int
    /// The CRC field of the last covered line, to check the log is the one the snapshot was taken from.
    var lastLineCRC: String
    var nextSeq: Int
    /// Card lines that follow the header.
    var cardCount: Int
    var undoable: [ReviewRecord]

    /// Why a snapshot could not be read.
    enum Problem: Error {
        case newerSchema(Int)
        case damaged(line: Int, reason: String)

        var location: (line: Int, reason: String) {
            switch self {
            case .newerSchema(let found): (1, "schema \(found)")
            case .damaged(let line, let reason): (line, reason)
            }
        }
    }

    static func encode(_ header: Snapshot, cards: [String: CardProgress], path: String) throws(ProgressError) -> [UInt8] {
        var out: [UInt8]
        do {
            out = Array(try Coders.encoder().encode(header))
        } catch {
            throw .io(path: path, action: "encode the snapshot", reason: "\(error)")
        }
        out.reserveCapacity(out.count + cards.count * 180)
        out.append(10)
        for (id, card) in cards.sorted(by: { $0.key < $1.key }) {
            let s = card.state
            let line = "[\(JSONText.quoted(id)),\(s.phase.rawValue),\(s.step.map(String.init) ?? "null"),\(s.stability),\(s.difficulty),\"\(Timestamp.format(s.due))\",\"\(Timestamp.format(s.lastReview))\",\(card.reps),\(card.lapses),\"\(Timestamp.format(card.firstReview))\"]\n"
            out += line.utf8
        }
        return out
    }

    static func decode(_ bytes: [UInt8]) throws(Problem) -> (Snapshot, [String: CardProgress]) {
        let firstNewline = bytes.firstIndex(of: 10) ?? bytes.endIndex
        let headerBytes = Data(bytes[..<firstNewline])
        let decoder = Coders.decoder()
        let header: Snapshot
        do {
            header = try decoder.decode(Snapshot.self, from: headerBytes)
        } catch {
            struct SchemaOnly: Decodable { var schema: Int }
            if let probe = try? decoder.decode(SchemaOnly.self, from: headerBytes), probe.schema > LearnerStore.schema {
                throw .newerSchema(probe.schema)
            }
            throw .damaged(line: 1, reason: Coders.describe(error))
        }
        if header.schema > LearnerStore.schema { throw .newerSchema(header.schema) }

        var cards: [String: CardProgress] = [:]
        cards.reserveCapacity(header.cardCount)
        var line = 1
        var position = firstNewline + 1
        try bytes.withUnsafeBufferPointer { buffer throws(Problem) in
            while position < buffer.count {
                line += 1
                let end = buffer[position...].firstIndex(of: 10) ?? buffer.count
                var scanner = CardScanner(bytes: UnsafeBufferPointer(rebasing: buffer[position..<end]))
                guard let (id, card) = scanner.card() else {
                    throw .damaged(line: line, reason: "not a card line [\"id\", phase, step, stability, difficulty, \"due\", \"lastReview\", reps, lapses, \"firstReview\"]")
                }
                cards[id] = card
                position = end + 1
            }
        }
        guard cards.count == header.cardCount else {
            throw .damaged(line: line, reason: "\(cards.count) cards where the header announces \(header.cardCount) (cut short?)")
        }
        return (header, cards)
    }
}

/// Reads one card line of the snapshot. Returns nil for anything but the exact shape written.
private struct CardScanner {
    var json: JSONScanner

    init(bytes: UnsafeBufferPointer<UInt8>) { json = JSONScanner(bytes) }

    mutating func card() -> (String, CardProgress)? {
        guard json.take(UInt8(ascii: "[")), let id = json.string(), json.comma(),
              let phaseNumber = json.integer(), let phase = Phase(rawValue: phaseNumber), json.comma()
        else { return nil }
        var step: Int?
        if !json.null() {
            guard let value = json.integer() else { return nil }
            step = value
        }
        guard json.comma(), let stability = json.double(), json.comma(), let difficulty = json.double(), json.comma(),
              let due = json.timestamp(), json.comma(), let last = json.timestamp(), json.comma(),
              let reps = json.integer(), json.comma(), let lapses = json.integer(), json.comma(), let first = json.timestamp(),
              json.take(UInt8(ascii: "]")), json.atEnd
        else { return nil }
        let state = CardState(phase: phase, step: step, stability: stability, difficulty: difficulty, due: due, lastReview: last)
        return (id, CardProgress(state: state, reps: reps, lapses: lapses, firstReview: first))
    }
}
