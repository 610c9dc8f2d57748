import CodeSet
import Drills
import Foundation
import Practice
import Testing

/// The shipped code set and every drill generated from it, once per test run (the whole set
/// takes tens of seconds in a debug build).
enum Shared {
    static let codeSet = try! CodeSet.shipped()
    static let generator = DrillGenerator(codeSet: codeSet)
    static let all = generator.allDrills()
    static let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.item.cardID, $0) })

    static func drills(_ range: String, _ kinds: Set<DrillKind> = Set(DrillKind.allCases)) throws -> [Drill] {
        generator.drills(in: try generator.range(range).get(), kinds: kinds)
    }
}

@Suite struct WholeCodeSetTests {
    /// The guarantees, for every drill of the code set.
    @Test func everyDrillKeepsTheGuarantees() throws {
        let codeSet = Shared.codeSet
        let drills = Shared.all
        var counts: [DrillKind: Int] = [:]
        var problems: [String] = []
        var billable: [String: Bool] = [:]
        func isBillable(_ code: String) -> Bool {
            if let known = billable[code] { return known }
            let entry = codeSet.entry(code)
            let result = entry?.isBillable == true && entry?.code == code
            billable[code] = result
            return result
        }
        for drill in drills {
            counts[drill.kind, default: 0] += 1
            let item = drill.item
            let id = item.cardID
            guard item.answer.count == 1, let answer = item.answer.first else {
                problems.append("\(id): not one answer code")
                continue
            }
            let options = [answer] + item.distractors.map(\.code)
            if Set(options).count != options.count { problems.append("\(id): options repeat: \(options)") }
            if !(2...4).contains(item.distractors.count) { problems.append("\(id): \(item.distractors.count) distractors") }
            for code in options where !isBillable(code) { problems.append("\(id): \(code) is not a billable code") }
            if item.distractors.contains(where: { $0.whyNot.isEmpty }) { problems.append("\(id): a distractor without a why-not") }
            // No option's code (nor a code above or beneath one) in the stem.
            let keys = options.map(CodeNormalizer.key)
            for mention in Self.codeMentions(item.stem) {
                let key = CodeNormalizer.key(mention)
                if keys.contains(where: { $0.hasPrefix(key) || key.hasPrefix($0) }) {
                    problems.append("\(id): the stem names \(mention)")
                }
            }
            let parts = id.split(separator: "/", omittingEmptySubsequences: false)
            if parts.count != 4 || parts[0] != "drill" || parts[1] != drill.kind.rawValue || parts[2] != answer
                || parts[3].count != 8 || !parts[3].allSatisfy(\.isHexDigit) {
                problems.append("\(id): not drill/<kind>/<answer>/<8 hex digits>")
            }
            if item.bank != "drills" { problems.append("\(id): bank \(item.bank)") }
        }
        #expect(problems.isEmpty, "\(problems.count) problems, e.g. \(problems.prefix(20))")
        #expect(Shared.byID.count == drills.count, "card ids repeat")
        // Every kind is well represented (the April 2026 release gives about 9,000 / 2,800 / 33,000 / 51,000).
        #expect(counts[.term, default: 0] > 5_000)
        #expect(counts[.excludes1, default: 0] > 1_500)
        #expect(counts[.specificity, default: 0] > 20_000)
        #expect(counts[.seventh, default: 0] > 30_000)
        print("Drills in the code set: " + DrillKind.allCases.map { "\($0.rawValue) \(counts[$0, default: 0])" }.joined(separator: ", "))
    }

    /// A second generation gives the same drills under the same ids.
    @Test func idsAndItemsAreStableAcrossGenerations() {
        let again = DrillGenerator(codeSet: Shared.codeSet).allDrills()
        #expect(again.count == Shared.all.count)
        #expect(again.map(\.item.cardID) == Shared.all.map(\.item.cardID))
        #expect(again == Shared.all)
    }

    /// The same, for a range: its drills are the whole set's drills written there.
    @Test func aRangeGivesTheSameDrillsAsTheWholeSet() throws {
        let block = try Shared.drills("M40-M54")
        #expect(!block.isEmpty)
        for drill in block { #expect(Shared.byID[drill.item.cardID] == drill) }
    }

    static func codeMentions(_ text: String) -> [String] {
        text.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".")) }
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: ".")) }
            .filter { token in
                let scalars = Array(token.unicodeScalars)
                return scalars.count >= 3 && ("A"..."Z").contains(scalars[0]) && ("0"..."9").contains(scalars[1])
            }
    }
}

@Suite struct DrillKindTests {
    @Test func anInclusionTermAsksForItsCodeAgainstCodesOfTheSameBlock() throws {
        let drill = try #require(try Shared.drills("M53", [.term]).first { $0.item.stem.contains("“Coccygodynia”") })
        #expect(drill.item.answer == ["M53.3"])
        #expect(drill.item.cardID.hasPrefix("drill/term/M53.3/"))
        let codeSet = Shared.codeSet
        for distractor in drill.item.distractors {
            let path = codeSet.path(to: try #require(codeSet.entry(distractor.code)))
            #expect(path.contains { $0.code == "M50-M54" })
        }
        #expect(drill.item.rationale.contains("inclusion term of M53.3"))
    }

    @Test func termsThatAreNearlyTheTitleAreSkipped() throws {
        // Every meaningful word of the term in the answer's title: no drill.
        for drill in Shared.all where drill.kind == .term {
            let term = try #require(drill.item.stem.split(separator: "“").last?.split(separator: "”").first)
            let title = try #require(Shared.codeSet.entry(drill.source)?.title.lowercased())
            let titleWords = Set(title.split { !$0.isLetter && !$0.isNumber })
            let filler: Set<Substring> = ["nos", "other", "unspecified", "of", "and", "the", "with", "in", "for", "to", "or", "a"]
            let words = term.lowercased().split { !$0.isLetter && !$0.isNumber }.filter { !filler.contains($0) }
            #expect(!words.allSatisfy { titleWords.contains($0) }, "\(drill.item.cardID): “\(term)” is the title \(title)")
        }
    }

    @Test func anExcludes1ConditionGoesWhereTheNoteSendsIt() throws {
        let drill = try #require(try Shared.drills("M54.5", [.excludes1]).first { $0.item.stem.contains("low back strain") })
        #expect(drill.item.answer == ["S39.012A"])
        #expect(drill.item.stem.contains("active treatment"))
        let trap = try #require(drill.item.distractors.first { $0.code == "M54.50" })
        #expect(trap.whyNot.contains("Excludes1 at M54.5"))
        #expect(drill.source == "M54.5")
    }

    @Test func specificityGivesTheHeaderAndTheWordsThatSetTheCodeApart() throws {
        let drills = try Shared.drills("M54.5", [.specificity])
        let vertebrogenic = try #require(drills.first { $0.item.answer == ["M54.51"] })
        #expect(vertebrogenic.item.stem.hasPrefix("Low back pain: "))
        #expect(vertebrogenic.item.stem.contains("Vertebrogenic"))
        #expect(Set(vertebrogenic.item.distractors.prefix(2).map(\.code)) == ["M54.50", "M54.59"])
        let unspecified = try #require(drills.first { $0.item.answer == ["M54.50"] })
        #expect(unspecified.item.stem.contains("no further detail"))
    }

    @Test func seventhCharactersAreAskedFromAnEncounterInWords() throws {
        let drills = try Shared.drills("S39.012", [.seventh])
        #expect(drills.map(\.item.answer) == [["S39.012A"], ["S39.012D"], ["S39.012S"]])
        let subsequent = drills[1].item
        #expect(subsequent.stem.contains("follow-up"))
        #expect(!subsequent.stem.lowercased().contains("subsequent"))
        #expect(subsequent.distractors.map(\.code).prefix(2).sorted() == ["S39.012A", "S39.012S"])
        // Placeholders: T07 needs XXX before its 7th character.
        let placeholder = try #require(try Shared.drills("T07", [.seventh]).first)
        #expect(placeholder.item.answer == ["T07.XXXA"])
        #expect(placeholder.item.rationale.contains("X fills"))
        // Fracture characters: malunion of a closed fracture against its nearest neighbours.
        let malunion = try #require(try Shared.drills("S72.001", [.seventh]).first { $0.item.answer == ["S72.001P"] })
        #expect(malunion.item.stem.contains("faulty position"))
        #expect(malunion.item.distractors.first.map { ["S72.001K", "S72.001G", "S72.001D"].contains($0.code) } == true)
    }

    @Test func rangesAreChaptersBlocksAndCategories() throws {
        let generator = Shared.generator
        #expect(try generator.range("13").get().code == "M00-M99")
        #expect(try generator.range("M40-M54").get().code == "M40-M54")
        #expect(try generator.range("m54").get().code == "M54")
        #expect(throws: DrillRangeError.self) { try generator.range("23").get() }
        #expect(throws: DrillRangeError.self) { try generator.range("Q99.9Z").get() }
    }
}
