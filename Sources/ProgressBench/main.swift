// Benchmarks for Benchmarks/scheduler/run (never run by the tests):
//
//   ProgressBench store DIR [REVIEWS] [CARDS] [SAMPLES]
//       builds a learner with REVIEWS reviews over CARDS cards (imported in batches), then times
//       opening it (load), recording SAMPLES answers one by one durably, and reading the whole log.
//   ProgressBench logread DIR [REVIEWS] [ROUNDS]
//       review log read: builds (once, kept in DIR/logread-REVIEWS) a learner with REVIEWS reviews
//       over 10,000 cards with an undo every 50 answers, then times opening it and reading the
//       whole log with reviewLog() (for Reports and `quiz stats`) over ROUNDS passes.
//   ProgressBench statsgen DIR PREFIX LEARNERS REVIEWS [CARDS]
//       builds LEARNERS learners (PREFIX-0 …) under DIR with REVIEWS reviews each over CARDS
//       cards with real codes, wrong answers naming another code, an undo every 500 answers,
//       spread over three years (Benchmarks/stats/run). Kept if present.
//   ProgressBench digest DIR [REVIEWS] [ROUNDS]
//       times ProgressReader.read on the learner `logread` built.
//   ProgressBench replay FILE [ROUNDS]
//       parses the histories of FILE once, then times only the scheduling (review + the two
//       retrievabilities the replay format reports) over ROUNDS passes.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ProgressStore
import Scheduler

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func milliseconds(_ nanos: UInt64) -> Double { Double(nanos) / 1e6 }

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ProgressBench: \(message)\n".utf8))
    exit(2)
}

func benchStore(directory: String, reviews: Int, cards: Int, samples: Int) throws {
    try? FileManager.default.removeItem(atPath: directory + "/bench")
    var random = SplitMix64(seed: 42)
    func nextAnswer(_ i: Int) -> Answer {
        let index = Int(random.next() % UInt64(cards))
        let card = "bank\(index % 7)-case\(index)"
        let roll = random.next() % 100
        let rating: Rating = roll < 10 ? .again : roll < 25 ? .hard : roll < 85 ? .good : .easy
        return Answer(cardID: card, bank: "bank\(index % 7)", code: "M54.50", rating: rating, correct: rating != .again,
                      given: rating == .again ? "C" : "B", responseMilliseconds: 3000 + Int(random.next() % 20_000),
                      hints: 0, mode: .practice)
    }
    // Three years of daily practice: a review every ~15 minutes of wall time on average.
    let start = Timestamp.parse("2023-01-01T08:00:00Z")!
    func time(_ i: Int) -> Date { start.addingTimeInterval(Double(i) * 900) }

    let building = now()
    var store = try LearnerStore.open(progressDirectory: directory, learner: "bench", now: start)
    var i = 0
    while i < reviews {
        let batch = (i..<min(reviews, i + 2000)).map { (answer: nextAnswer($0), at: time($0)) }
        _ = try store.record(contentsOf: batch)
        i += batch.count
    }
    try store.close()
    let logBytes = (try FileManager.default.attributesOfItem(atPath: directory + "/bench/reviews.jsonl")[.size] as? Int) ?? 0
    let snapshotBytes = (try FileManager.default.attributesOfItem(atPath: directory + "/bench/snapshot.jsonl")[.size] as? Int) ?? 0
    print("built: \(reviews) reviews over \(cards) cards in \(String(format: "%.1f", milliseconds(now() - building) / 1000)) s; reviews.jsonl \(logBytes / 1024) KiB, snapshot.jsonl \(snapshotBytes / 1024) KiB")

    var loads: [Double] = []
    for _ in 0..<15 {
        let t = now()
        store = try LearnerStore.open(progressDirectory: directory, learner: "bench", now: time(reviews))
        loads.append(milliseconds(now() - t))
        precondition(store.cards.count > 0)
        try store.close()
    }
    loads.sort()
    print(String(format: "load (open with %d reviews): median %.1f ms, max %.1f ms over %d opens", reviews, percentile(loads, 0.5), loads.last!, loads.count))

    store = try LearnerStore.open(progressDirectory: directory, learner: "bench", now: time(reviews))
    var records: [Double] = []
    for j in 0..<samples {
        let answer = nextAnswer(reviews + j)
        let t = now()
        _ = try store.record(answer, at: time(reviews + j))
        records.append(milliseconds(now() - t))
    }
    records.sort()
    print(String(format: "record (durable, fdatasync) with %d reviews of history: p50 %.2f ms, p99 %.2f ms, max %.2f ms over %d answers",
                 reviews, percentile(records, 0.5), percentile(records, 0.99), records.last!, samples))

    var t = now()
    let log = try store.reviewLog()
    print(String(format: "reviewLog (whole log, for reports): %d reviews in %.0f ms", log.count, milliseconds(now() - t)))
    t = now()
    try store.close()
    print(String(format: "close (writes the snapshot after %d answers): %.1f ms", samples, milliseconds(now() - t)))

    t = now()
    store = try LearnerStore.open(progressDirectory: directory, learner: "bench", now: time(reviews + samples))
    print(String(format: "load after that session: %.1f ms", milliseconds(now() - t)))
    try store.close()
    try FileManager.default.removeItem(atPath: directory + "/bench/snapshot.jsonl")
    t = now()
    store = try LearnerStore.open(progressDirectory: directory, learner: "bench", now: time(reviews + samples))
    print(String(format: "load without a snapshot (rebuild from the whole log, once after damage): %.0f ms", milliseconds(now() - t)))
    try store.close()
}

func benchLogRead(directory: String, reviews: Int, rounds: Int) throws {
    let learner = "logread-\(reviews)"
    let start = Timestamp.parse("2023-01-01T08:00:00Z")!
    func time(_ i: Int) -> Date { start.addingTimeInterval(Double(i) * 900 + Double(i % 1000) / 1000) }
    if !FileManager.default.fileExists(atPath: directory + "/" + learner + "/reviews.jsonl") {
        let building = now()
        var random = SplitMix64(seed: 7)
        let store = try LearnerStore.open(progressDirectory: directory, learner: learner, now: start)
        var i = 0
        while i < reviews {
            let batch = (i..<min(reviews, i + 50)).map { j in
                let index = Int(random.next() % 10_000)
                let roll = random.next() % 100
                let rating: Rating = roll < 10 ? .again : roll < 25 ? .hard : roll < 85 ? .good : .easy
                let answer = Answer(cardID: "bank\(index % 7)-case\(index)", bank: "bank\(index % 7)", code: "M54.50",
                                    rating: rating, correct: rating != .again, given: roll % 3 == 0 ? "m54.5 \"lumbago\"" : "B",
                                    responseMilliseconds: roll % 10 == 0 ? nil : 3000 + Int(random.next() % 20_000),
                                    hints: Int(roll % 2), mode: roll % 5 == 0 ? .exam : .practice)
                return (answer: answer, at: time(j))
            }
            _ = try store.record(contentsOf: batch)
            try store.undo(at: time(i + batch.count - 1))
            i += batch.count
        }
        try store.close()
        print(String(format: "built %@ in %.1f s", learner, milliseconds(now() - building) / 1000))
    }
    let logBytes = (try FileManager.default.attributesOfItem(atPath: directory + "/" + learner + "/reviews.jsonl")[.size] as? Int) ?? 0
    var opens: [Double] = []
    var reads: [Double] = []
    var count = 0
    for _ in 0..<rounds {
        var t = now()
        let store = try LearnerStore.open(progressDirectory: directory, learner: learner, now: time(reviews))
        opens.append(milliseconds(now() - t))
        t = now()
        let log = try store.reviewLog()
        reads.append(milliseconds(now() - t))
        count = log.count
        try store.close()
    }
    opens.sort()
    reads.sort()
    print(String(format: "review log read: %d reviews live (%d MiB log) in median %.0f ms, best %.0f ms over %d reads; open before it: median %.1f ms",
                 count, logBytes >> 20, percentile(reads, 0.5), reads[0], rounds, percentile(opens, 0.5)))
}

/// Times `ProgressReader.read` (the lock-free read `quiz stats` uses) on the learner `logread`
/// built, with and without the card states.
func benchDigest(directory: String, reviews: Int, rounds: Int) throws {
    let learner = "logread-\(reviews)"
    guard FileManager.default.fileExists(atPath: directory + "/" + learner + "/reviews.jsonl") else {
        fail("run `ProgressBench logread \(directory) \(reviews)` first")
    }
    var reads: [Double] = []
    var withCards: [Double] = []
    var count = 0
    for _ in 0..<rounds {
        var t = now()
        let progress = try ProgressReader.read(progressDirectory: directory, learner: learner, cards: false)
        reads.append(milliseconds(now() - t))
        count = progress.history.reviews.count
        t = now()
        _ = try ProgressReader.read(progressDirectory: directory, learner: learner, cards: true)
        withCards.append(milliseconds(now() - t))
    }
    reads.sort()
    withCards.sort()
    print(String(format: "ProgressReader.read: %d reviews in median %.0f ms (best %.0f); with card states median %.0f ms",
                 count, percentile(reads, 0.5), reads[0], percentile(withCards, 0.5)))
}

func generateForStats(directory: String, prefix: String, learners: Int, reviews: Int, cards: Int) throws {
    let codes = ["M53.3", "M54.50", "M54.51", "M54.59", "S39.012A", "S33.5XXA", "M54.12", "E11.22", "I10", "J45.909",
                 "R51.9", "S06.0X1A", "F32.A", "N39.0", "K21.9", "G43.909", "I48.91", "J18.9", "E78.5", "M17.11"]
    let start = Timestamp.parse("2023-06-01T08:00:00Z")!
    for n in 0..<learners {
        let learner = "\(prefix)-\(n)"
        if FileManager.default.fileExists(atPath: directory + "/" + learner + "/snapshot.jsonl") { continue }
        var random = SplitMix64(seed: UInt64(n + 1))
        let store = try LearnerStore.open(progressDirectory: directory, learner: learner, now: start)
        var i = 0
        while i < reviews {
            let batch = (i..<min(reviews, i + 500)).map { j in
                let index = Int(random.next() % UInt64(cards))
                let code = codes[index % codes.count]
                let roll = random.next() % 100
                let rating: Rating = roll < 15 ? .again : roll < 30 ? .hard : roll < 85 ? .good : .easy
                let given = rating == .again ? codes[(index + 1 + Int(roll % 3)) % codes.count] : code
                let answer = Answer(cardID: "bank\(index % 5)/case-\(index)@\(code)", bank: "bank\(index % 5)", code: code,
                                    rating: rating, correct: rating != .again, given: given,
                                    responseMilliseconds: 3000 + Int(random.next() % 20_000), hints: 0, mode: .practice)
                return (answer: answer, at: start.addingTimeInterval(Double(j) * 3 * 365 * 86_400 / Double(reviews)))
            }
            _ = try store.record(contentsOf: batch)
            try store.undo(at: batch.last!.at)
            i += batch.count
        }
        try store.close()
    }
}

func benchReplay(file: String, rounds: Int) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: file))
    var histories: [Replay.History] = []
    var index = 0
    for (n, line) in data.split(separator: 10).enumerated() where !line.isEmpty {
        histories.append(try Replay.parse(line: Data(line), index: index, lineNumber: n + 1))
        index += 1
    }
    let scheduler = Scheduler(configuration: .reference)
    let reviews = histories.reduce(0) { $0 + $1.reviews.count }
    var checksum = 0.0
    var best = UInt64.max
    for _ in 0..<rounds {
        let t = now()
        for history in histories {
            var card: CardState?
            for (i, review) in history.reviews.enumerated() {
                let next = scheduler.review(card, rating: review.rating, at: review.at)
                if i + 1 < history.reviews.count {
                    checksum += scheduler.retrievability(of: next, at: history.reviews[i + 1].at)
                }
                checksum += scheduler.retrievability(of: next, at: next.due)
                card = next
            }
        }
        best = min(best, now() - t)
    }
    print(String(format: "swift compute-only: %d reviews in %.1f ms (best of %d) = %.0f reviews/s (checksum %.6f)",
                 reviews, milliseconds(best), rounds, Double(reviews) / (Double(best) / 1e9), checksum / Double(rounds)))
}

let arguments = CommandLine.arguments
do {
    switch arguments.count > 1 ? arguments[1] : "" {
    case "store":
        guard arguments.count >= 3 else { fail("usage: ProgressBench store DIR [REVIEWS] [CARDS] [SAMPLES]") }
        try benchStore(directory: arguments[2],
                       reviews: arguments.count > 3 ? Int(arguments[3]) ?? 100_000 : 100_000,
                       cards: arguments.count > 4 ? Int(arguments[4]) ?? 10_000 : 10_000,
                       samples: arguments.count > 5 ? Int(arguments[5]) ?? 2_000 : 2_000)
    case "logread":
        guard arguments.count >= 3 else { fail("usage: ProgressBench logread DIR [REVIEWS] [ROUNDS]") }
        try benchLogRead(directory: arguments[2],
                         reviews: arguments.count > 3 ? Int(arguments[3]) ?? 100_000 : 100_000,
                         rounds: arguments.count > 4 ? Int(arguments[4]) ?? 5 : 5)
    case "statsgen":
        guard arguments.count >= 6 else { fail("usage: ProgressBench statsgen DIR PREFIX LEARNERS REVIEWS [CARDS]") }
        try generateForStats(directory: arguments[2], prefix: arguments[3], learners: Int(arguments[4]) ?? 1,
                             reviews: Int(arguments[5]) ?? 1000, cards: arguments.count > 6 ? Int(arguments[6]) ?? 2000 : 2000)
    case "digest":
        guard arguments.count >= 3 else { fail("usage: ProgressBench digest DIR [REVIEWS] [ROUNDS]") }
        try benchDigest(directory: arguments[2],
                        reviews: arguments.count > 3 ? Int(arguments[3]) ?? 100_000 : 100_000,
                        rounds: arguments.count > 4 ? Int(arguments[4]) ?? 5 : 5)
    case "replay":
        guard arguments.count >= 3 else { fail("usage: ProgressBench replay FILE [ROUNDS]") }
        try benchReplay(file: arguments[2], rounds: arguments.count > 3 ? Int(arguments[3]) ?? 5 : 5)
    default:
        fail("usage: ProgressBench store DIR [REVIEWS] [CARDS] [SAMPLES] | logread DIR [REVIEWS] [ROUNDS] | statsgen DIR PREFIX LEARNERS REVIEWS [CARDS] | digest DIR [REVIEWS] [ROUNDS] | replay FILE [ROUNDS]")
    }
} catch {
    fail("\(error)")
}
