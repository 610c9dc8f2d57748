import CodeSet
import Foundation
import FuzzSupport
import QuestionBank

// The bank loader on any bytes: a problem with its line, never a crash; whatever loads
// without error is linted and built into cases, and reads back the same once written.
let codeSet = try CodeSet.shipped()

fuzz { bytes in
    let file = "fuzz.yaml"
    let (bank, problems) = BankParser.parse(data: Data(bytes), file: file)
    require(bank != nil || !problems.isEmpty, "no bank and no problem")
    guard let bank else { return }
    var loaded = LoadedBanks()
    loaded.files = [file]
    loaded.banks = [bank]
    loaded.problems = problems
    _ = Linter(codeSet: codeSet).lint(loaded)
    _ = CaseBuilder(codeSet: codeSet).build(bank)
    if !problems.contains(where: { $0.severity == .error }) { requireReadsBack(bank, from: "a bank") }
}
