import BankFormats
import CodeSet
import Foundation
import QuestionBank

/// The signature the GIFT and CSV importers share.
public typealias Importer = (_ data: Data, _ file: String, _ bankID: String?, _ title: String?,
                             _ codeSetRelease: String, _ codeSet: CodeSet) throws(FormatError) -> ImportResult

/// An importer on any bytes, as `quiz import` runs it: a file:line error, or a bank; a bank with
/// no error problem is what gets written, and it must read back the same.
public func fuzzImport(_ format: String, fileExtension: String, _ importer: @escaping Importer) -> Never {
    let codeSet: CodeSet
    do { codeSet = try CodeSet.shipped() } catch { fatalError("the shipped code set does not open: \(error)") }
    fuzz { bytes in
        let result: ImportResult
        do throws(FormatError) {
            result = try importer(Data(bytes), "fuzz.\(fileExtension)", nil, nil, codeSet.metadata.release, codeSet)
        } catch {
            require(!error.message.isEmpty && error.line >= 0, "an error without a message or line")
            return
        }
        _ = CaseBuilder(codeSet: codeSet).build(result.bank)
        if result.isComplete { requireReadsBack(result.bank, from: "a \(format) file") }
    }
}
