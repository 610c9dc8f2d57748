import Foundation

/// The reports as one self-contained HTML page: inline CSS and SVG charts, no script, nothing
/// fetched from the network. Everything from files is escaped.
public struct HTMLReport: Sendable {
    public var calendar: Calendar

    public init(calendar: Calendar) {
        self.calendar = calendar
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static let style = """
        body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
        h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
        table{border-collapse:collapse}td,th{padding:.2rem .6rem;text-align:left;border-bottom:1px solid #ddd}
        td.n{text-align:right}.flag{color:#a15c00}.right{color:#17733a}.wrong{color:#b3261e}
        svg text{font-size:11px;fill:#333}
        """

    private func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>\(Self.style)</style></head>
        <body>
        \(body)
        </body></html>

        """
    }

    /// A coordinate with one decimal.
    func f(_ value: Double) -> String { String((value * 10).rounded() / 10) }

    static func percent(_ share: Double?) -> String { TextReport.percent(share) }

    static func rate(_ rate: Rate) -> String { TextReport.rate(rate) }

    public func render(_ report: LearnerReport) -> String {
        var body = "<h1>Progress of \(Self.escape(report.learner))</h1>\n"
        body += "<p>Generated \(Reports.isoDay(report.generated, calendar: calendar))"
        if let since = report.filter.since { body += ", since \(Reports.isoDay(since, calendar: calendar))" }
        if let bank = report.filter.bank { body += ", bank \(Self.escape(bank))" }
        body += ".</p>\n"
        for warning in report.warnings { body += "<p class=\"flag\">\(Self.escape(warning))</p>\n" }
        let a = report.activity, acc = report.accuracy, c = report.cards
        body += "<table id=\"summary\">\n"
        let rows: [(String, String)] = [
            ("Reviews today", "\(a.reviewsToday)"), ("Reviews in all", "\(a.reviewsTotal)"),
            ("Days practised", "\(a.daysPractised)"), ("Current streak", "\(a.currentStreak) days"),
            ("Longest streak", "\(a.longestStreak) days"), ("Accuracy", Self.rate(acc.overall)),
            ("Accuracy, last 7 days", Self.rate(acc.last7Days)), ("Accuracy, last 30 days", Self.rate(acc.last30Days)),
            ("True retention", "\(Self.rate(acc.trueRetention)) (desired \(Self.percent(acc.desiredRetention)))"),
            ("Cards", "new \(c.new.map(String.init) ?? "–"), learning \(c.learning), review \(c.review), relearning \(c.relearning), leeches \(c.leeches.count)"),
        ]
        for (name, value) in rows { body += "<tr><th>\(name)</th><td>\(Self.escape(value))</td></tr>\n" }
        body += "</table>\n"

        body += "<h2>Due in the next 14 days</h2>\n" + forecastChart(report.forecast)
        body += "<h2>Reviews per day, last 26 weeks</h2>\n" + heatmapChart(report.heatmap)
        body += "<h2>Accuracy by chapter</h2>\n" + chapterChart(report.chapters)
        if !report.chapters.isEmpty {
            body += "<table id=\"blocks\"><tr><th>Chapter / block</th><th>Title</th><th>Accuracy</th></tr>\n"
            for chapter in report.chapters {
                body += "<tr><th>\(Self.escape(chapter.code))</th><td>\(Self.escape(chapter.title))</td><td class=\"n\">\(Self.rate(chapter.accuracy))</td></tr>\n"
                for block in chapter.blocks ?? [] {
                    body += "<tr><td>\(Self.escape(block.code))</td><td>\(Self.escape(block.title))</td><td class=\"n\">\(Self.rate(block.accuracy))</td></tr>\n"
                }
            }
            body += "</table>\n"
        }
        if !report.weakestCodes.isEmpty {
            body += "<h2>Weakest codes</h2>\n<table id=\"weakest\"><tr><th>Code</th><th>Title</th><th>Accuracy</th><th>Last</th></tr>\n"
            for code in report.weakestCodes {
                body += "<tr><td>\(Self.escape(code.code))</td><td>\(Self.escape(code.title ?? ""))</td><td class=\"n\">\(Self.rate(code.accuracy))</td><td>\(Reports.isoDay(code.lastReview, calendar: calendar))</td></tr>\n"
            }
            body += "</table>\n"
        }
        if !report.confusions.isEmpty {
            body += "<h2>Most frequent confusions</h2>\n<ul id=\"confusions\">\n"
            for x in report.confusions {
                body += "<li>answered <span class=\"wrong\">\(Self.escape(x.given))</span> when it was <span class=\"right\">\(Self.escape(x.expected))</span> — \(x.count) time\(x.count == 1 ? "" : "s") (last \(Reports.isoDay(x.lastConfused, calendar: calendar))\(x.resolved ? ", resolved" : ""))</li>\n"
            }
            body += "</ul>\n"
        }
        return page(title: "quiz stats: \(report.learner)", body: body)
    }

    func forecastChart(_ days: [DayCount]) -> String {
        let width = 560.0, height = 160.0, top = 14.0, bottom = 22.0
        let most = Double(max(days.map(\.count).max() ?? 0, 1))
        let slot = width / Double(max(days.count, 1))
        var svg = "<svg id=\"forecast\" role=\"img\" aria-label=\"Cards due per day\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
        for (i, day) in days.enumerated() {
            let h = (height - top - bottom) * Double(day.count) / most
            let x = Double(i) * slot
            svg += "<rect class=\"bar\" x=\"\(f(x + 3))\" y=\"\(f(height - bottom - h))\" width=\"\(f(slot - 6))\" height=\"\(f(h))\" fill=\"#3b7dd8\"><title>\(Self.escape(day.date)): \(day.count) due</title></rect>"
            svg += "<text x=\"\(f(x + slot / 2))\" y=\"\(f(height - bottom - h - 3))\" text-anchor=\"middle\">\(day.count)</text>"
            svg += "<text x=\"\(f(x + slot / 2))\" y=\"\(f(height - 6))\" text-anchor=\"middle\">\(Self.escape(String(day.date.dropFirst(5))))</text>\n"
        }
        return svg + "</svg>\n"
    }

    func heatmapChart(_ heatmap: LearnerReport.Heatmap) -> String {
        let cell = 12.0, gap = 2.0, left = 30.0
        let weeks = (heatmap.days.count + 6) / 7
        let width = left + Double(weeks) * (cell + gap), height = 7 * (cell + gap) + 4
        let busiest = max(heatmap.days.map(\.count).max() ?? 0, 1)
        let colours = ["#ebedf0", "#c6e48b", "#7bc96f", "#239a3b", "#196127"]
        var svg = "<svg id=\"heatmap\" role=\"img\" aria-label=\"Reviews per day\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
        for (i, day) in heatmap.days.enumerated() {
            let level = day.count == 0 ? 0 : min(4, max(1, Int((Double(day.count) / Double(busiest) * 4).rounded(.up))))
            svg += "<rect class=\"day\" x=\"\(f(left + Double(i / 7) * (cell + gap)))\" y=\"\(f(Double(i % 7) * (cell + gap)))\" width=\"\(f(cell))\" height=\"\(f(cell))\" fill=\"\(colours[level])\"><title>\(Self.escape(day.date)): \(day.count) reviews</title></rect>\n"
        }
        svg += "<text x=\"0\" y=\"\(Int(cell - 2))\">\(Self.escape(String(heatmap.start.dropFirst(5))))</text>\n"
        return svg + "</svg>\n"
    }

    func chapterChart(_ chapters: [LearnerReport.Group]) -> String {
        let row = 22.0, label = 260.0, barWidth = 280.0
        let height = max(Double(chapters.count) * row + 4, row)
        var svg = "<svg id=\"chapters\" role=\"img\" aria-label=\"Accuracy by chapter\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(label + barWidth + 90))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(label + barWidth + 90)) \(Int(height))\">\n"
        if chapters.isEmpty { svg += "<text x=\"0\" y=\"15\">No answers yet.</text>\n" }
        for (i, chapter) in chapters.enumerated() {
            let y = Double(i) * row
            let share = chapter.accuracy.share ?? 0
            let colour = share >= 0.8 ? "#239a3b" : share >= 0.5 ? "#d9a400" : "#c0392b"
            let name = "\(chapter.code) \(chapter.title)"
            let shown = name.count > 42 ? String(name.prefix(41)) + "…" : name
            svg += "<text x=\"0\" y=\"\(f(y + 15))\">\(Self.escape(shown))</text>"
            svg += "<rect x=\"\(f(label))\" y=\"\(f(y + 3))\" width=\"\(f(barWidth))\" height=\"16\" fill=\"#eee\"/>"
            svg += "<rect class=\"bar\" x=\"\(f(label))\" y=\"\(f(y + 3))\" width=\"\(f(barWidth * share))\" height=\"16\" fill=\"\(colour)\"><title>\(Self.rate(chapter.accuracy))</title></rect>"
            svg += "<text x=\"\(f(label + barWidth + 6))\" y=\"\(f(y + 15))\">\(Self.rate(chapter.accuracy))</text>\n"
        }
        return svg + "</svg>\n"
    }

    public func render(_ report: ClassReport) -> String {
        var body = "<h1>Class report: \(report.learners.count) learner\(report.learners.count == 1 ? "" : "s")</h1>\n"
        body += "<p>Generated \(Reports.isoDay(report.generated, calendar: calendar)). Item analysis takes each learner's first answer to a case as the attempt.</p>\n"
        for skipped in report.skipped {
            body += "<p class=\"flag\">Skipped \(Self.escape(skipped.learner)): \(Self.escape(skipped.reason))</p>\n"
        }
        body += "<h2>Learners</h2>\n<table id=\"learners\"><tr><th>Learner</th><th>Reviews</th><th>Days</th><th>Streak</th><th>Accuracy</th><th>Cases</th><th>First answers right</th><th>Last review</th></tr>\n"
        for l in report.learners {
            body += "<tr><td>\(Self.escape(l.learner))</td><td class=\"n\">\(l.reviews)</td><td class=\"n\">\(l.daysPractised)</td><td class=\"n\">\(l.currentStreak)</td><td class=\"n\">\(Self.rate(l.accuracy))</td><td class=\"n\">\(l.cases)</td><td class=\"n\">\(Self.rate(l.firstAnswerScore))</td><td>\(l.lastReview.map { Reports.isoDay($0, calendar: calendar) } ?? "–")</td></tr>\n"
        }
        body += "</table>\n<h2>Facility of each case</h2>\n" + facilityChart(report.items)
        body += "<h2>Item analysis</h2>\n<table id=\"items\"><tr><th>Case</th><th>Answer</th><th>Attempts</th><th>Facility</th><th>Discrimination</th><th>Efficiency</th><th>Answers given</th><th>Flags</th></tr>\n"
        for item in report.items {
            let responses = item.responses.map { r in
                "<span class=\"\(r.isAnswer ? "right" : "wrong")\">\(Self.escape(r.given.isEmpty ? "(none)" : r.given))</span> \(r.count)"
            }.joined(separator: ", ")
            body += "<tr><td>\(Self.escape(item.card))</td><td>\(Self.escape(item.code))</td><td class=\"n\">\(item.attempts)</td>"
            body += "<td class=\"n\">\(String(format: "%.0f%%", item.facility))</td>"
            body += "<td class=\"n\">\(item.discrimination.map { String(format: "%.0f%%", $0) } ?? "–")</td>"
            body += "<td class=\"n\">\(item.discriminativeEfficiency.map { String(format: "%.0f%%", $0) } ?? "–")</td>"
            body += "<td>\(responses)</td><td class=\"flag\">\(item.flags.joined(separator: ", "))</td></tr>\n"
        }
        body += "</table>\n"
        return page(title: "quiz stats: class report", body: body)
    }

    func facilityChart(_ items: [ClassReport.Item]) -> String {
        let row = 18.0, label = 300.0, barWidth = 260.0
        let shown = items.prefix(500)
        let height = max(Double(shown.count) * row + 4, row)
        var svg = "<svg id=\"facility\" role=\"img\" aria-label=\"Facility per case\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(label + barWidth + 60))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(label + barWidth + 60)) \(Int(height))\">\n"
        for (i, item) in shown.enumerated() {
            let y = Double(i) * row
            let colour = item.flags.isEmpty ? "#3b7dd8" : "#d9a400"
            let name = item.card.count > 46 ? String(item.card.prefix(45)) + "…" : item.card
            svg += "<text x=\"0\" y=\"\(f(y + 13))\">\(Self.escape(name))</text>"
            svg += "<rect class=\"bar\" x=\"\(f(label))\" y=\"\(f(y + 3))\" width=\"\(f(barWidth * item.facility / 100))\" height=\"13\" fill=\"\(colour)\"/>"
            svg += "<text x=\"\(f(label + barWidth + 6))\" y=\"\(f(y + 13))\">\(Int(item.facility.rounded()))%</text>\n"
        }
        return svg + "</svg>\n"
    }
}
