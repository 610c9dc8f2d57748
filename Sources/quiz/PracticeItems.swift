import CodeSet
import Drills
import Foundation
import Practice
import QuestionBank
import Synchronization

/// The cases practice and exams draw from: every bank under QuestionBanks/, built into cases.
enum PracticeItems {
    struct NoCases: Error, CustomStringConvertible {
        let description: String
    }

    /// The banks' cases (see ``load(home:bank:codeSet:)``) and the drills of each range in
    /// `drills` (bank "drills"). With drills, `--bank drills` (or no QuestionBanks/ folder) means
    /// drills only.
    static func load(home: QuizHome, bank: String?, codeSet: CodeSet, drills ranges: [String]) throws -> [QuizItem] {
        guard !ranges.isEmpty else { return try load(home: home, bank: bank, codeSet: codeSet) }
        var items: [QuizItem] = []
        if bank != DrillGenerator.bank, bank != nil || FileManager.default.fileExists(atPath: home.banksPath) {
            items = try load(home: home, bank: bank, codeSet: codeSet)
        }
        var seen = Set(items.map(\.cardID))
        for range in ranges {
            items += try DrillSelection.drills(range: range, codeSet: codeSet).map(\.item).filter { seen.insert($0.cardID).inserted }
        }
        return items
    }

    /// Loads the banks (a broken bank is reported and skipped; the others still load) and
    /// turns their cases into quiz items. `bank` narrows to one bank id.
    static func load(home: QuizHome, bank: String?, codeSet: CodeSet) throws -> [QuizItem] {
        guard FileManager.default.fileExists(atPath: home.banksPath) else {
            throw NoCases(description: "\(home.banksPath) does not exist: set QUIZ_HOME to the folder holding QuestionBanks/, or run quiz from it")
        }
        // Each file is parsed and built on its own, so the files are spread over the cores.
        let loader = BankLoader(), builder = CaseBuilder(codeSet: codeSet)
        let files = try loader.bankFiles(at: home.banksPath)
        let results = Mutex([(bank: Bank?, problems: [LintProblem], cases: [Case])?](repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let (loaded, problems) = loader.load(file: files[index])
            let cases = loaded.flatMap { bank == nil || $0.id == bank ? builder.build($0).cases : nil } ?? []
            results.withLock { $0[index] = (loaded, problems, cases) }
        }
        let perFile = results.withLock { $0.compactMap { $0 } }
        let errors = perFile.flatMap(\.problems).filter { $0.severity == .error }
        if !errors.isEmpty {
            let files = Set(errors.map(\.file)).sorted()
            printError("quiz: \(errors.count) problem\(errors.count == 1 ? "" : "s") in \(files.joined(separator: ", ")); run `quiz lint` to see them. The other cases are ready.")
        }
        let banks = perFile.compactMap(\.bank)
        if let bank, !banks.contains(where: { $0.id == bank }) {
            let known = banks.map(\.id).sorted().joined(separator: ", ")
            throw NoCases(description: "there is no bank \"\(bank)\" in \(home.banksPath); the banks are: \(known)")
        }
        let items = perFile.flatMap(\.cases).map { built in
            QuizItem(cardID: built.cardID, bank: built.bank, stem: built.stem, answer: built.answer,
                     distractors: built.distractors.map { QuizItem.Distractor(code: $0.code, whyNot: $0.whyNot) },
                     rationale: built.rationale, family: built.sourcePage, tags: built.tags)
        }
        guard !items.isEmpty else {
            throw NoCases(description: "no cases to practise in \(home.banksPath); see QuestionBanks/README.md to write some")
        }
        return items
    }
}
