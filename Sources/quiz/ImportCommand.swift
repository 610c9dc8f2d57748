import ArgumentParser
import Foundation
import QuestionBank

/// `quiz import`: brings material instructors already have into the bank format.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import material in another format as a question bank.",
        subcommands: [Page.self]
    )

    struct Page: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a plain-text code page (overview, red flags, differentials, examples) as a bank.",
            discussion: """
                The page is read by its headings (Overview, Red Flag, Differential Diagnoses, Clinical \
                Example, Coding Examples, Documentation …). The bank keeps what the page says, errors \
                included: run `quiz lint` on it and fix what it reports (wrong titles, codes that are \
                not billable) before learners see it.
                """
        )

        @Argument(help: "The code page, as plain UTF-8 text.")
        var file: String

        @Option(help: "Where to write the bank (default: standard output).")
        var out: String?

        @Option(help: "The bank id (default: page-<code>, e.g. page-m53-3).")
        var bank: String?

        func validate() throws {
            if let bank, bank.isEmpty || !bank.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) {
                throw ValidationError("--bank must use only a-z, 0-9 and - (e.g. --bank dorsopathies-pages).")
            }
        }

        func run() throws {
            let codeSet = try reportingErrors { try QuizEnvironment.codeSet() }
            let page = try reportingErrors { try PageImporter().importPage(path: file) }
            let id = bank ?? "page-" + page.code.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
            let imported = Bank(id: id, title: "\(page.code) code page", codeSetRelease: codeSet.metadata.release,
                                description: "Imported from \((file as NSString).lastPathComponent) by quiz import page.",
                                pages: [page])
            let yaml = BankWriter.yaml(imported, comment: [
                "Imported by `quiz import page \((file as NSString).lastPathComponent)`: it keeps what the page says,",
                "errors included. Run `quiz lint` on this file and fix what it reports; each differential's",
                "why_not is the page's description of that code: rewrite it as why the code is not the answer.",
            ])
            if let out {
                try reportingErrors { try yaml.write(toFile: out, atomically: true, encoding: .utf8) }
                printError("Wrote \(out): \(page.code), \(page.differentials.count) differentials, "
                           + "\(page.clinicalExamples.count) clinical and \(page.codingExamples.count) coding examples")
            } else {
                print(yaml, terminator: "")
            }
        }
    }
}
