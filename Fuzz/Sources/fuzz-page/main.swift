import CodeSet
import Foundation
import FuzzSupport
import QuestionBank

// The code-page importer on any text, as `quiz import page` runs it: the page it finds
// becomes a bank that builds into cases and reads back the same once written.
let codeSet = try CodeSet.shipped()

fuzz { bytes in
    guard let text = String(validating: bytes, as: UTF8.self), let page = PageImporter().parse(text: text) else { return }
    let bank = Bank(id: "imported-page", title: "\(page.code) code page", codeSetRelease: codeSet.metadata.release,
                    pages: [page])
    _ = CaseBuilder(codeSet: codeSet).build(bank)
    requireReadsBack(bank, from: "a code page") { $0.message.hasPrefix("`why_not` is empty") }
}
