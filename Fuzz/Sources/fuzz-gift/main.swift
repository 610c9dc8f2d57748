import BankFormats
import CodeSet
import Foundation
import FuzzSupport
import QuestionBank

// The GIFT importer on any bytes, as `quiz import gift` runs it: a file:line error or a
// bank; a bank with no error problem is what gets written, and it must read back the same.
let codeSet = try CodeSet.shipped()

fuzz { bytes in
    let result: ImportResult
    do throws(FormatError) {
        result = try GIFTFormat.importBank(data: Data(bytes), file: "fuzz.gift", bankID: nil, title: nil,
                                               codeSetRelease: codeSet.metadata.release, codeSet: codeSet)
    } catch {
        require(!error.description.isEmpty, "an error without a message")
        return
    }
    _ = CaseBuilder(codeSet: codeSet).build(result.bank)
    if result.isComplete { requireReadsBack(result.bank, from: "a GIFT file") }
}
