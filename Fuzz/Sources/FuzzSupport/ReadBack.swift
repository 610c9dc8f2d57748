import Foundation
import QuestionBank

/// What a bank says, without where it was read from (file and line numbers), so that a bank
/// and the same bank written and read back compare equal.
public func content(of bank: Bank) -> Bank {
    var bank = bank
    bank.file = ""
    bank.lines = SourceLines(start: 1)
    bank.pages = bank.pages.map { page in
        var page = page
        page.lines = SourceLines(start: 1)
        page.differentials = page.differentials.map { var item = $0; item.lines = SourceLines(start: 1); return item }
        page.clinicalExamples = page.clinicalExamples.map { var item = $0; item.lines = SourceLines(start: 1); return item }
        page.codingExamples = page.codingExamples.map { var item = $0; item.lines = SourceLines(start: 1); return item }
        return page
    }
    bank.cases = bank.cases.map { item in
        var item = item
        item.lines = SourceLines(start: 1)
        item.distractors = item.distractors.map { var distractor = $0; distractor.lines = SourceLines(start: 1); return distractor }
        return item
    }
    return bank
}

/// The promise `quiz import` and `quiz import page` make: the bank they write reads back as
/// the same bank, with no error but those `expected` (a page's differential that gives no
/// reason is imported with an empty why-not, which lint then asks the instructor to write).
public func requireReadsBack(_ bank: Bank, from source: String, expected: (LintProblem) -> Bool = { _ in false }) {
    let yaml = BankWriter.yaml(bank)
    let (read, problems) = BankParser.parse(data: Data(yaml.utf8), file: "written.yaml")
    require(!problems.contains { $0.severity == .error && !expected($0) },
            "the bank written from \(source) does not read back: \(problems.map(\.description))\n\(yaml)")
    require(read.map(content(of:)) == content(of: bank),
            "the bank written from \(source) reads back different:\n\(yaml)")
}
