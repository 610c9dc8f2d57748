import ArgumentParser
import BankFormats
import CodeSet
import Foundation
import QuestionBank
import Terminal

/// `quiz import`: brings material instructors already have into the bank format.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import material in another format as a question bank.",
        subcommands: [Page.self, Gift.self, CSV.self]
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

    struct Gift: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import GIFT (Moodle) multiple-choice questions as a bank.",
            discussion: """
                Each multiple-choice question becomes a case: its options must start with an ICD-10-CM \
                code ("M54.50" or "M54.50 Low back pain, unspecified"); the right option is the answer, \
                the others the distractors with their # feedback as why-nots, the #### general feedback \
                the rationale. Other question types (short answer, numeric, true/false, matching, essay, \
                description, multiple answer) are reported as skipped with their line. Nothing is written \
                when a question has an error. The bank is then checked as `quiz lint` checks any bank.
                """
        )

        @OptionGroup var options: ImportOptions

        func run() throws {
            try options.run(format: "gift") { (data: Data, file: String, codeSet: CodeSet) throws(FormatError) -> ImportResult in
                try GIFTFormat.importBank(data: data, file: file, bankID: options.bank, title: options.title,
                                          codeSetRelease: codeSet.metadata.release, codeSet: codeSet)
            }
        }
    }

    struct CSV: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "csv",
            abstract: "Import a CSV file (one case per row) as a bank.",
            discussion: """
                The first row names the columns: id, stem, answer, distractors, rationale, why_nots, tags \
                (tags may be left out). Several values in one field are separated by " | "; the n-th \
                why-not belongs to the n-th distractor. Nothing is written when a row has an error. The \
                bank is then checked as `quiz lint` checks any bank.
                """
        )

        @OptionGroup var options: ImportOptions

        func run() throws {
            try options.run(format: "csv") { (data: Data, file: String, codeSet: CodeSet) throws(FormatError) -> ImportResult in
                try CSVFormat.importBank(data: data, file: file, bankID: options.bank, title: options.title,
                                         codeSetRelease: codeSet.metadata.release, codeSet: codeSet)
            }
        }
    }
}

/// What `quiz import gift` and `quiz import csv` share: the file, where the bank goes, its id.
struct ImportOptions: ParsableArguments {
    @Argument(help: "The file to import (UTF-8).")
    var file: String

    @Option(help: "Where to write the bank (default: standard output). Written whole or not at all.")
    var out: String?

    @Option(help: "The bank id (default: the one quiz wrote into the file when it exported it, else from the file name).")
    var bank: String?

    @Option(help: "The bank's title (default: the exported one, else \"Imported from FILE\").")
    var title: String?

    func validate() throws {
        if let bank, bank.isEmpty || !bank.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) {
            throw ValidationError("--bank must use only a-z, 0-9 and - (e.g. --bank moodle-back-pain).")
        }
    }

    /// Reads the file, imports it, writes the bank (only when every item imported), lints it.
    func run(format: String, _ importer: (Data, String, CodeSet) throws(FormatError) -> ImportResult) throws {
        let codeSet = try reportingErrors { try QuizEnvironment.codeSet() }
        let data = try reportingErrors { try InputFile.read(file) }
        let result: ImportResult
        do {
            result = try importer(data, file, codeSet)
        } catch {
            printError(SafeText.sanitized(error.description))
            printError("quiz: \(file) was not imported: nothing was written")
            throw QuizExit.badInput
        }
        for problem in result.problems.sortedByLocation() { printError(SafeText.sanitized(problem.description)) }
        guard result.isComplete else {
            let errors = result.problems.filter { $0.severity == .error }.count
            printError("quiz: \(errors) item\(errors == 1 ? "" : "s") of \(file) cannot become a case: nothing was written "
                       + "(fix \(errors == 1 ? "it" : "them") and import again)")
            throw QuizExit.problemsFound
        }
        let yaml = BankWriter.yaml(result.bank, comment: [
            "Imported by `quiz import \(format) \((file as NSString).lastPathComponent)`. Run `quiz lint` after every edit.",
        ])
        let written = out ?? "(standard output)"
        if let out {
            try reportingErrors { try AtomicFile.write(yaml, to: out) }
        } else {
            FileHandle.standardOutput.write(Data(yaml.utf8))
        }
        // The imported bank is checked like any bank.
        var loaded = LoadedBanks()
        let (bank, parseProblems) = BankParser.parse(data: Data(yaml.utf8), file: written)
        loaded.files = [written]
        loaded.banks = bank.map { [$0] } ?? []
        loaded.problems = parseProblems
        let problems = Linter(codeSet: codeSet).lint(loaded)
        for problem in problems { printError(SafeText.sanitized(problem.description)) }
        let errors = problems.filter { $0.severity == .error }.count
        let skipped = result.problems.filter { $0.severity == .warning }.count
        var summary = "\(out == nil ? "Imported" : "Wrote \(written):") \(result.bank.cases.count) case\(result.bank.cases.count == 1 ? "" : "s") "
            + "into bank \(result.bank.id)"
        if skipped > 0 { summary += ", \(skipped) warning\(skipped == 1 ? "" : "s") about the input" }
        summary += problems.isEmpty ? "; lint: no problems"
            : "; lint: \(errors) error\(errors == 1 ? "" : "s"), \(problems.count - errors) warning\(problems.count - errors == 1 ? "" : "s")"
        printError(summary)
        if problems.hasErrors { throw QuizExit.problemsFound }
    }
}
