import Foundation
import Terminal

/// The reports as terminal text, with small Unicode charts. Text that came from files (card
/// ids, codes, given answers, titles, learner names) goes through `SafeText.sanitized`.
public struct TextReport: Sendable {
    public var style: Style
    public var calendar: Calendar

    public init(style: Style, calendar: Calendar) {
        self.style = style
        self.calendar = calendar
    }

    static func safe(_ text: String) -> String { SafeText.sanitized(text) }

    /// A percentage, or "–" when there is nothing to divide.
    static func percent(_ share: Double?) -> String {
        share.map { "\(Int(($0 * 100).rounded()))%" } ?? "–"
    }

    static func rate(_ rate: Rate) -> String {
        "\(percent(rate.share)) (\(rate.correct)/\(rate.answered))"
    }

    /// A horizontal bar `width` cells long at most, in eighths of a cell.
    static func bar(_ value: Double, max: Double, width: Int) -> String {
        guard max > 0, value > 0 else { return "" }
        let eighths = Int((value / max * Double(width * 8)).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8] + (eighths == 0 ? "▏" : "")
    }

    /// One heatmap cell: `·` for none, then ░ ▒ ▓ █ by quarter of the busiest day.
    static func shade(_ count: Int, max: Int) -> String {
        guard count > 0, max > 0 else { return "·" }
        let level = Int((Double(count) / Double(max) * 4).rounded(.up))
        return ["░", "▒", "▓", "█"][Swift.min(Swift.max(level, 1), 4) - 1]
    }

    static func day(_ date: Date?, calendar: Calendar) -> String {
        date.map { Reports.isoDay($0, calendar: calendar) } ?? "–"
    }

    public func render(_ report: LearnerReport) -> String {
        var out: [String] = []
        let title = "Progress of \(Self.safe(report.learner))"
        var scope: [String] = []
        if let since = report.filter.since { scope.append("since \(Self.day(since, calendar: calendar))") }
        if let bank = report.filter.bank { scope.append("bank \(Self.safe(bank))") }
        out.append(style.bold(title) + (scope.isEmpty ? "" : " (" + scope.joined(separator: ", ") + ")")
                   + style.dim(" — \(Self.day(report.generated, calendar: calendar))"))
        for warning in report.warnings { out.append(style.yellow("note: " + Self.safe(warning))) }
        let a = report.activity
        if a.reviewsTotal == 0 {
            out.append("No reviews yet\(scope.isEmpty ? "" : " in this selection"). Run `quiz practice` to start.")
        }
        out.append("Reviews    today \(a.reviewsToday) · in all \(a.reviewsTotal) · days practised \(a.daysPractised)")
        out.append("Streak     \(a.currentStreak) day\(a.currentStreak == 1 ? "" : "s") (longest \(a.longestStreak))")
        let acc = report.accuracy
        out.append("Accuracy   overall \(Self.rate(acc.overall)) · last 7 days \(Self.rate(acc.last7Days)) · last 30 days \(Self.rate(acc.last30Days))")
        let retention = acc.trueRetention.share.map { share -> String in
            let text = Self.percent(share)
            return share + 0.005 >= acc.desiredRetention ? style.green(text) : style.yellow(text)
        } ?? "–"
        out.append("Retention  true \(retention) of \(acc.trueRetention.answered) answers on review cards · desired \(Self.percent(acc.desiredRetention))")
        let c = report.cards
        out.append("Cards      new \(c.new.map(String.init) ?? "–") · learning \(c.learning) · review \(c.review) · relearning \(c.relearning) · leeches \(c.leeches.count)")
        for leech in c.leeches.prefix(5) {
            out.append(style.red("  leech ") + "\(Self.safe(leech.card)) (\(leech.lapses) lapses)")
        }

        out.append("")
        out.append(style.bold("Due in the next 14 days"))
        let most = Double(report.forecast.map(\.count).max() ?? 0)
        for (i, day) in report.forecast.enumerated() {
            let label = i == 0 ? "today     " : day.date.dropFirst(5) + " " + weekday(day.date)
            out.append("  \(label.padding(toLength: 10, withPad: " ", startingAt: 0)) \(style.cyan(Self.bar(Double(day.count), max: most, width: 30))) \(day.count)")
        }

        out.append("")
        out.append(style.bold("Reviews per day, last 26 weeks") + style.dim(" (· none, ░▒▓█ more)"))
        let busiest = report.heatmap.days.map(\.count).max() ?? 0
        let names = weekdayNames(startingAt: report.heatmap.start)
        for row in 0..<7 {
            var line = "  " + names[row] + " "
            var index = row
            while index < report.heatmap.days.count {
                line += Self.shade(report.heatmap.days[index].count, max: busiest)
                index += 7
            }
            out.append(line)
        }

        if !report.chapters.isEmpty {
            out.append("")
            out.append(style.bold("Accuracy by chapter and block"))
            for chapter in report.chapters {
                out.append(groupLine(chapter, indent: "  "))
                for block in chapter.blocks ?? [] { out.append(groupLine(block, indent: "      ")) }
            }
        }
        if !report.weakestCodes.isEmpty {
            out.append("")
            out.append(style.bold("Weakest codes"))
            for code in report.weakestCodes {
                let title = code.title.map { " " + Self.safe(String($0.prefix(50))) } ?? ""
                out.append("  \(Self.safe(code.code))\(title): \(Self.rate(code.accuracy)), last \(Self.day(code.lastReview, calendar: calendar))")
            }
        }
        if !report.confusions.isEmpty {
            out.append("")
            out.append(style.bold("Most frequent confusions") + style.dim(" (read these code-book entries)"))
            for confusion in report.confusions {
                let state = confusion.resolved ? style.green(", resolved") : ""
                out.append("  answered \(style.red(Self.safe(confusion.given))) when it was \(style.green(Self.safe(confusion.expected))) — \(confusion.count) time\(confusion.count == 1 ? "" : "s") (last \(Self.day(confusion.lastConfused, calendar: calendar))\(state))")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func groupLine(_ group: LearnerReport.Group, indent: String) -> String {
        let name = "\(group.code) \(Self.safe(group.title))"
        let shown = name.count > 44 ? String(name.prefix(43)) + "…" : name.padding(toLength: 44, withPad: " ", startingAt: 0)
        let share = group.accuracy.share ?? 0
        let bar = Self.bar(share, max: 1, width: 10)
        let painted = share >= 0.8 ? style.green(bar) : share >= 0.5 ? style.yellow(bar) : style.red(bar)
        return indent + shown + " " + painted + String(repeating: " ", count: Swift.max(0, 11 - bar.count)) + Self.rate(group.accuracy)
    }

    private func date(_ iso: String) -> Date? {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }

    private func weekday(_ iso: String) -> String {
        guard let date = date(iso) else { return "" }
        return calendar.shortWeekdaySymbols[calendar.component(.weekday, from: date) - 1]
    }

    private func weekdayNames(startingAt iso: String) -> [String] {
        guard let start = date(iso) else { return Array(repeating: "   ", count: 7) }
        return (0..<7).map { offset in
            let day = calendar.date(byAdding: .day, value: offset, to: start)!
            return calendar.shortWeekdaySymbols[calendar.component(.weekday, from: day) - 1].padding(toLength: 3, withPad: " ", startingAt: 0)
        }
    }

    public func render(_ report: ClassReport) -> String {
        var out: [String] = []
        out.append(style.bold("Class report: \(report.learners.count) learner\(report.learners.count == 1 ? "" : "s")")
                   + style.dim(" — \(Self.day(report.generated, calendar: calendar))"))
        for skipped in report.skipped {
            out.append(style.yellow("skipped \(Self.safe(skipped.learner)): \(Self.safe(skipped.reason))"))
        }
        out.append("")
        out.append(style.bold("  learner              reviews  days  streak  accuracy            cases  first answers right"))
        for line in report.learners {
            out.append("  " + [Self.safe(line.learner).padding(toLength: 20, withPad: " ", startingAt: 0),
                               String(line.reviews).leftPadded(7), String(line.daysPractised).leftPadded(5),
                               String(line.currentStreak).leftPadded(7), " " + Self.rate(line.accuracy).padding(toLength: 18, withPad: " ", startingAt: 0),
                               String(line.cases).leftPadded(6), " " + Self.rate(line.firstAnswerScore)].joined(separator: " "))
        }
        out.append("")
        out.append(style.bold("Item analysis") + style.dim(" (each learner's first answer; facility = % right, discrimination = 100 × correlation with the rest)"))
        for item in report.items {
            let disc = item.discrimination.map { String(format: "%.0f", $0) } ?? "–"
            let flags = item.flags.isEmpty ? "" : "  " + style.yellow(item.flags.map { $0.replacingOccurrences(of: "-", with: " ") }.joined(separator: ", "))
            out.append("  \(Self.safe(item.card))  attempts \(item.attempts) · facility \(String(format: "%.0f", item.facility))% · discrimination \(disc)\(flags)")
            let responses = item.responses.map { r in
                let text = "\(Self.safe(r.given.isEmpty ? "(none)" : r.given)) \(r.count)"
                return r.isAnswer ? style.green(text + " ✓") : text
            }
            out.append("      answers: " + responses.joined(separator: ", "))
        }
        if report.items.isEmpty { out.append("  No answers yet.") }
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
