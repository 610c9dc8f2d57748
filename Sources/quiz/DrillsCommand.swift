import ArgumentParser
import CodeSet
import Drills
import Foundation
import Practice
import Terminal

/// `quiz drills RANGE`: what the tabular drills of a range are, for instructors to review.
struct DrillsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drills",
        abstract: "Show the drills generated from the tabular list for a chapter, block or category.",
        discussion: """
            Drills are practised with quiz practice --drills RANGE. Kinds: term (inclusion term → \
            code), excludes1 (an excluded condition → where it goes), specificity (header + \
            description → billable code), seventh (encounter → 7th character).
            Examples: quiz drills M54 --list;  quiz drills 13 --kind term --json
            """
    )

    @Argument(help: "A chapter (13 or M00-M99), a block (M40-M54) or a category (M54).")
    var range: String

    @Flag(help: "List every drill: stem, answer, options with their why-nots.")
    var list = false

    @Flag(help: "Print JSON for scripts (with --list: the drills; without: the counts).")
    var json = false

    @Option(help: "Only drills of these kinds (term, excludes1, specificity, seventh); repeatable.")
    var kind: [String] = []

    func validate() throws {
        for name in kind where DrillKind(rawValue: name) == nil {
            throw ValidationError("--kind is one of \(DrillKind.allCases.map(\.rawValue).joined(separator: ", ")), not \(name).")
        }
    }

    func run() throws {
        let codeSet = try reportingErrors { try QuizEnvironment.codeSet() }
        let kinds = kind.isEmpty ? Set(DrillKind.allCases) : Set(kind.compactMap(DrillKind.init(rawValue:)))
        let drills = try DrillSelection.drills(range: range, kinds: kinds, codeSet: codeSet)
        let counts = DrillKind.allCases.map { kind in (kind, drills.filter { $0.kind == kind }.count) }
        if json {
            if list {
                print(try jsonString(drills.map(DrillJSON.init)))
            } else {
                print(try jsonString(Dictionary(uniqueKeysWithValues: counts.map { ($0.0.rawValue, $0.1) })))
            }
            return
        }
        let output = TextOutput.standardOutput
        if list {
            for drill in drills {
                output.write(Self.render(drill, codeSet: codeSet) + "\n\n")
            }
        }
        output.write("\(drills.count) drill\(drills.count == 1 ? "" : "s") in \(SafeText.sanitized(range)):\n")
        for (kind, count) in counts { output.write("  \(kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0))\(count)  \(kind.title)\n") }
        output.flush()
    }

    static func render(_ drill: Drill, codeSet: CodeSet) -> String {
        let item = drill.item
        var lines = ["[\(drill.kind.rawValue)] \(item.cardID)   (from \(drill.source))", "  " + SafeText.sanitized(item.stem)]
        lines.append("  ✓ \(item.answer.joined(separator: " ")) \(SafeText.sanitized(codeSet.title(of: item.answer[0]) ?? ""))")
        for distractor in item.distractors {
            lines.append("  ✗ \(distractor.code) \(SafeText.sanitized(codeSet.title(of: distractor.code) ?? "")) — \(SafeText.sanitized(distractor.whyNot))")
        }
        lines.append("  Why: " + SafeText.sanitized(item.rationale))
        return lines.joined(separator: "\n")
    }
}

/// The drills a command line asks for: the range resolved, or a clear error (exit 2).
enum DrillSelection {
    static func drills(range: String, kinds: Set<DrillKind> = Set(DrillKind.allCases), codeSet: CodeSet) throws -> [Drill] {
        let generator = DrillGenerator(codeSet: codeSet)
        switch generator.range(range) {
        case let .success(entry):
            return generator.drills(in: entry, kinds: kinds)
        case let .failure(error):
            printError("quiz: \(error.description)")
            throw QuizExit.badInput
        }
    }
}

/// One drill as `quiz drills --list --json` prints it.
struct DrillJSON: Encodable {
    struct Option: Encodable {
        var code: String
        var whyNot: String
    }

    var id: String
    var kind: String
    var source: String
    var stem: String
    var answer: String
    var options: [Option]
    var rationale: String

    init(_ drill: Drill) {
        id = drill.item.cardID
        kind = drill.kind.rawValue
        source = drill.source
        stem = drill.item.stem
        answer = drill.item.answer.joined(separator: " ")
        options = drill.item.distractors.map { Option(code: $0.code, whyNot: $0.whyNot) }
        rationale = drill.item.rationale
    }
}
