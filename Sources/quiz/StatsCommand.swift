import ArgumentParser
import CodeSet
import Foundation
import ProgressStore
import Reports
import Scheduler
import Synchronization
import Terminal

/// `quiz stats`: a learner's progress at a glance, or (`--all`) the instructor's report over
/// every learner folder in Progress/ with an item analysis per case. Reads progress without
/// taking the learners' locks, so it runs while they practise.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Progress report for a learner, or item analysis over every learner (--all).",
        discussion: """
            The learner report: reviews, streaks, accuracy, true retention, cards by state, a \
            14-day due forecast, a 26-week heatmap, accuracy by chapter and block, the weakest \
            codes and the most frequent confusions. --all: a line per learner in Progress/ and, \
            per case, facility, discrimination (Moodle's: correlation with the rest of the test) \
            and the answers given, from each learner's first answer. --json prints every number \
            (keys in README.md); --html FILE writes a self-contained page with SVG charts. \
            Learners can keep practising while this runs.
            """
    )

    @Option(help: "Whose progress (default: QUIZ_LEARNER, else your login name).")
    var learner: String?

    @Flag(help: "Every learner folder in Progress/: the instructor's report.")
    var all = false

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Also write the report as an HTML page to FILE.", valueName: "FILE"))
    var html: String?

    @Option(help: ArgumentHelp("Only reviews from this day on (YYYY-MM-DD or an ISO-8601 time).", valueName: "DATE"))
    var since: String?

    @Option(help: "Only reviews of cases from this bank (its id).")
    var bank: String?

    func validate() throws {
        if all, learner != nil { throw ValidationError("--learner and --all do not go together: --all reports every learner.") }
        if let since, SessionClock.parse(since) == nil {
            throw ValidationError("--since \(since) is not a date; write e.g. 2026-11-01 or 2026-11-01T09:00:00Z.")
        }
    }

    func run() throws {
        let home = QuizHome.resolve()
        let clock = try SessionClock.fromEnvironment()
        let now = clock.now
        let calendar = Calendar.current
        var sinceDate: Date?
        if let since, let parsed = SessionClock.parse(since) {
            // A day means from its start in the learner's calendar.
            sinceDate = since.count == 10 ? Self.startOfDay(since, calendar: calendar) ?? parsed : parsed
        }
        let filter = ReportFilter(since: sinceDate, bank: bank)
        let facts = TerminalFacts.current(environment: ProcessInfo.processInfo.environment)
        let text = TextReport(style: Style(usesColor: facts.usesColor && !json), calendar: calendar)
        let page = HTMLReport(calendar: calendar)

        if all {
            let report = classReport(home: home, filter: filter, now: now, calendar: calendar)
            try output(report, text: { text.render(report) }, page: { page.render(report) })
            if report.learners.isEmpty && !report.skipped.isEmpty { throw QuizExit.problemsFound }
            return
        }

        let name = learner ?? QuizHome.defaultLearner()
        let codeSet = try reportingErrors { try QuizEnvironment.codeSet() }
        let progress: LearnerProgress
        if FileManager.default.fileExists(atPath: home.progressPath + "/" + name + "/reviews.jsonl") {
            progress = try reportingErrors { try ProgressReader.read(progressDirectory: home.progressPath, learner: name) }
        } else {
            guard LearnerStore.isValidLearnerName(name) else {
                printError("quiz: \"\(SafeText.sanitized(name))\" cannot be a learner name: use 1-64 letters, digits, '.', '_' or '-'")
                throw QuizExit.badInput
            }
            progress = LearnerProgress(learner: name, directory: home.progressPath + "/" + name, settings: LearnerSettings(),
                                       cards: [:], history: ReviewHistory(), warnings: [])
        }
        let bankCards = Self.bankCards(home: home, bank: bank, codeSet: codeSet)
        let report = Reports.learner(
            name: name, history: progress.history, cards: progress.cards, settings: progress.settings,
            bankCards: bankCards, codeSet: codeSet, filter: filter, now: now, calendar: calendar, warnings: progress.warnings)
        try output(report, text: { text.render(report) }, page: { page.render(report) })
    }

    private func output<R: Encodable>(_ report: R, text: () -> String, page: () -> String) throws {
        if let path = html {
            do {
                try Data(page().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                printError("quiz: cannot write \(path): \(error.localizedDescription)")
                throw QuizExit.badInput
            }
        }
        if json {
            print(try Self.jsonText(report))
        } else {
            TextOutput.standardOutput.write(text())
            if let path = html { TextOutput.standardOutput.write("Wrote \(path)\n") }
            TextOutput.standardOutput.flush()
        }
    }

    /// JSON with sorted keys and ISO-8601 times.
    static func jsonText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(Timestamp.format(date))
        }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private func classReport(home: QuizHome, filter: ReportFilter, now: Date, calendar: Calendar) -> ClassReport {
        let names = ProgressReader.learners(progressDirectory: home.progressPath)
        var members: [Reports.ClassMember] = []
        var skipped: [ClassReport.Skipped] = []
        // Learners are read on all cores at once (each read is independent and writes nothing).
        let results = Mutex([Result<LearnerProgress, ProgressError>?](repeating: nil, count: names.count))
        let directory = home.progressPath
        DispatchQueue.concurrentPerform(iterations: names.count) { k in
            let result: Result<LearnerProgress, ProgressError>
            do throws(ProgressError) {
                result = .success(try ProgressReader.read(progressDirectory: directory, learner: names[k], cards: false))
            } catch {
                result = .failure(error)
            }
            results.withLock { $0[k] = result }
        }
        for (name, result) in zip(names, results.withLock { $0 }) {
            switch result {
            case .success(let progress):
                for warning in progress.warnings { printError("quiz: \(warning)") }
                members.append(Reports.ClassMember(name: name, history: progress.history))
            case .failure(let error):
                printError("quiz: skipped learner \(name): \(error)")
                skipped.append(ClassReport.Skipped(learner: name, reason: "\(error)"))
            case nil:
                break
            }
        }
        if names.isEmpty { printError("quiz: no learner progress in \(home.progressPath)") }
        return Reports.classReport(members: members, skipped: skipped, filter: filter, now: now, calendar: calendar)
    }

    /// The card ids of the cases in the banks, for counting new cards; nil when the banks
    /// cannot be read (the report then leaves new cards out).
    static func bankCards(home: QuizHome, bank: String?, codeSet: CodeSet) -> [String]? {
        guard FileManager.default.fileExists(atPath: home.banksPath) else { return nil }
        return (try? PracticeItems.load(home: home, bank: bank, codeSet: codeSet))?.map(\.cardID)
    }

    static func startOfDay(_ day: String, calendar: Calendar) -> Date? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }
}
