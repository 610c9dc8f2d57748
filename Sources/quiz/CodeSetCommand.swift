import ArgumentParser
import CodeSet
import CodeSetImport
import Foundation

/// `quiz codeset`: where the official code set comes from, and how to rebuild it.
struct CodeSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codeset",
        abstract: "Import the official ICD-10-CM tabular list, or show which release is in use.",
        subcommands: [Import.self, Info.self, Diff.self]
    )

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install a newer ICD-10-CM release from the CMS/NCHS tabular XML (.xml or .xml.gz).",
            discussion: """
                Without --out the release is installed beside the shipped one, in \
                <QUIZ_HOME>/CodeSets/icd10cm-<release>.codeset; `quiz lint --codeset <release>` then shows \
                which bank items it breaks, and `quiz codeset diff shipped <release>` what changed.
                The shipped code set is Sources/CodeSet/Resources/icd10cm.codeset, built with:
                  quiz codeset import ../shared/data/icd10cm/icd10cm-tabular-2026-04-01.xml.gz \
                --out Sources/CodeSet/Resources/icd10cm.codeset
                """
        )

        @Argument(help: "The tabular XML file, e.g. icd10cm-tabular-2026-04-01.xml.gz.")
        var file: String

        @Option(help: "Where to write the code set (default: <QUIZ_HOME>/CodeSets/icd10cm-<release>.codeset).")
        var out: String?

        @Option(help: "The release date, when the file name does not carry it (YYYY-MM-DD).")
        var release: String?

        func run() throws {
            let importer = TabularImporter()
            let output = try reportingErrors { try importer.importTabular(path: file, release: release) }
            let destination = out ?? QuizEnvironment.installedCodeSetPath(release: output.metadata.release)
            if out == nil {
                try reportingErrors {
                    try FileManager.default.createDirectory(atPath: QuizEnvironment.codeSetsFolder(), withIntermediateDirectories: true)
                }
            }
            try reportingErrors { try importer.write(output, to: destination) }
            let statistics = try reportingErrors { try CodeSet(contentsOf: destination) }.statistics()
            print("""
                Wrote \(destination): ICD-10-CM release \(output.metadata.release), \
                \(statistics.billable) billable codes, \(statistics.chapters) chapters, \(statistics.categories) categories
                source \(output.metadata.sourceName), SHA-256 \(output.metadata.sourceSHA256)
                """)
            if out == nil {
                print("Installed: check the banks against it with `quiz lint --codeset \(output.metadata.release)`.")
            }
        }
    }

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the release, source checksum and counts of the code set in use.")

        @Flag(help: "Print JSON for scripts.")
        var json = false

        struct InfoJSON: Encodable {
            var release: String
            var sourceSHA256: String
            var source: String
            var path: String
            var billable: Int
            var chapters: Int
            var blocks: Int
            var categories: Int
            var tabularNodes: Int
            var installed: [String]
        }

        func run() throws {
            let codeSet = try reportingErrors { try QuizEnvironment.codeSet() }
            let statistics = codeSet.statistics()
            let info = InfoJSON(
                release: codeSet.metadata.release, sourceSHA256: codeSet.metadata.sourceSHA256,
                source: codeSet.metadata.sourceName, path: codeSet.path, billable: statistics.billable,
                chapters: statistics.chapters, blocks: statistics.blocks, categories: statistics.categories,
                tabularNodes: statistics.tabularNodes, installed: QuizEnvironment.installedReleases())
            if json {
                print(try jsonString(info))
                return
            }
            print("""
                ICD-10-CM release \(info.release)
                  source      \(info.source)
                  SHA-256     \(info.sourceSHA256)
                  file        \(info.path)
                  chapters    \(info.chapters)
                  blocks      \(info.blocks) (\(statistics.headerBlocks) of them group other blocks)
                  categories  \(info.categories)
                  billable    \(info.billable) codes (7th characters expanded)
                  installed   \(info.installed.isEmpty ? "no other release" : info.installed.joined(separator: ", ")) \
                (in \(QuizEnvironment.codeSetsFolder()); quiz lint --codeset RELEASE)
                """)
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the codes added, deleted (or made headers) and retitled between two releases.",
            discussion: """
                OLD and NEW are .codeset files, tabular XML files (.xml or .xml.gz, imported on the \
                fly), releases installed with `quiz codeset import` (2026-10-01), or `shipped` for the \
                code set built into quiz.
                  quiz codeset diff shipped icd10cm-tabular-2027-04-01.xml.gz
                """
        )

        @Argument(help: "The older release.")
        var old: String

        @Argument(help: "The newer release.")
        var new: String

        @Flag(help: "Print JSON for scripts.")
        var json = false

        func run() throws {
            let diff = try reportingErrors { CodeSetDiff(from: try Self.open(old), to: try Self.open(new)) }
            if json {
                print(try jsonString(DiffJSON(diff)))
            } else {
                print(DiffReport(diff: diff).text)
            }
        }

        /// `shipped`, a `.codeset` file, or an official XML file imported into a scratch file.
        static func open(_ argument: String) throws -> CodeSet {
            if argument == "shipped" { return try CodeSet.shipped() }
            if argument.hasSuffix(".codeset") { return try CodeSet(contentsOf: argument) }
            if !argument.contains("/"), !argument.contains("."),
               FileManager.default.fileExists(atPath: QuizEnvironment.installedCodeSetPath(release: argument)) {
                return try CodeSet(contentsOf: QuizEnvironment.installedCodeSetPath(release: argument))
            }
            let importer = TabularImporter()
            let output = try importer.importTabular(path: argument)
            let scratch = FileManager.default.temporaryDirectory
                .appendingPathComponent("quiz-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).codeset").path
            try importer.write(output, to: scratch)
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            return try CodeSet(contentsOf: scratch)  // the mapping outlives the file's name
        }
    }
}
