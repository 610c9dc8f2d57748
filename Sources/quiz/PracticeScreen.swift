import CodeSet
import Foundation
import Practice
import Scheduler
import Terminal

/// Everything practice and exams print, in one place: wrapped to the terminal, coloured only
/// on a terminal, and every text that came from a file sanitised first.
struct PracticeScreen {
    let codeSet: CodeSet
    let style: Style
    let width: Int
    let output = TextOutput.standardOutput

    init(codeSet: CodeSet, facts: TerminalFacts) {
        self.codeSet = codeSet
        self.style = Style(usesColor: facts.usesColor)
        self.width = facts.width
    }

    func say(_ text: String) {
        output.write(text + "\n")
    }

    /// Prose from a bank: sanitised and wrapped.
    func prose(_ text: String, indent: String = "") -> String {
        Wrapping.wrap(SafeText.sanitized(text, keepNewlines: true), width: width, indent: indent)
    }

    func title(of code: String) -> String {
        SafeText.sanitized(codeSet.title(of: code) ?? "(not in the code set)")
    }

    func codesWithTitles(_ codes: [String]) -> String {
        codes.map { "\($0) \(title(of: $0))" }.joined(separator: ", then ")
    }

    func question(_ item: QuizItem, number: Int, of total: Int, choice: ChoiceQuestion?) {
        say("")
        say(style.dim("[\(number)/\(total)] \(SafeText.sanitized(item.bank))"))
        say(prose(item.stem))
        say("")
        if let choice {
            for option in choice.choices {
                let text = option.codes.map { "\(style.bold($0)) \(title(of: $0))" }.joined(separator: ", then ")
                say(Wrapping.wrap("\(option.letter)) \(text)", width: width, indent: "").replacingOccurrences(of: "\n", with: "\n   "))
            }
        } else {
            say(style.dim("Type the code(s) in reporting order, e.g. M54.50 or E11.22 N18.31."))
        }
    }

    func feedback(item: QuizItem, correct: Bool, wrongOptionWhyNot: String?, findings: [String]) {
        say(correct ? style.green("✓ Right.") : style.red("✗ Not quite."))
        say("Answer: " + codesWithTitles(item.answer))
        for finding in findings { say(prose("• " + finding, indent: "")) }
        if let whyNot = wrongOptionWhyNot, !whyNot.isEmpty { say(prose("Why not your pick: " + whyNot)) }
        say(prose("Why: " + item.rationale))
    }

    func rated(_ rating: Rating, due: Date, now: Date) {
        say(style.dim("Rated \(rating.name): next review \(Self.relative(due, from: now)). Type 1–4 to change the rating (Again, Hard, Good, Easy)."))
    }

    static func relative(_ date: Date, from now: Date) -> String {
        let seconds = date.timeIntervalSince(now)
        if seconds < 60 { return "in under a minute" }
        if seconds < 3_600 { return "in \(Int((seconds / 60).rounded())) min" }
        if seconds < 86_400 { return "in \(Int((seconds / 3_600).rounded())) h" }
        let days = Int((seconds / 86_400).rounded())
        return days == 1 ? "tomorrow" : "in \(days) days"
    }

    static let help = """
        Commands (at any prompt):
          :hint            where the answer sits in the code book, then a tabular note
          :lookup CODE|WORDS   the code book, without leaving the question
          :skip            leave this case for another day
          :undo            take back the last answer and its rating
          :why             the rationale of the last answer again
          :stats           this session so far
          :help            this list
          :quit            end the session (everything is already saved; Ctrl-D does the same)
        After an answer, 1–4 changes its rating: 1 Again, 2 Hard, 3 Good, 4 Easy.
        """
}

extension Rating {
    var name: String {
        switch self {
        case .again: "Again"
        case .hard: "Hard"
        case .good: "Good"
        case .easy: "Easy"
        }
    }
}
