import ArgumentParser
import CodeSet
import Terminal

/// `quiz lookup`: the code book. Codes give their full entry; words give ranked matches.
struct LookupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Look up ICD-10-CM codes, or search titles and inclusion terms for words.",
        discussion: """
            Codes may be written with or without the dot, in any case (m533 is M53.3). \
            Anything that is not a code is searched as words: quiz lookup low back pain
            Exit status: 0 when every code is valid, 1 when one is not (with suggestions).
            """
    )

    @Argument(help: "Codes (M53.3 M54.5 S39.012A) or words (coccygodynia).")
    var terms: [String]

    @Flag(help: "Print JSON for scripts.")
    var json = false

    @Option(help: "How many matches a word search shows.")
    var limit = 10

    func validate() throws {
        guard !terms.isEmpty else { throw ValidationError("Give a code (quiz lookup M53.3) or words (quiz lookup coccygodynia).") }
        guard limit > 0 else { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
        let codeSet = try reportingErrors { try QuizEnvironment.codeSet() }
        if terms.allSatisfy(Self.isCodeLike) {
            try lookUpCodes(in: codeSet)
        } else {
            try search(codeSet)
        }
    }

    /// Codes and code ranges ("M40-M54") are looked up; anything else is searched as words.
    static func isCodeLike(_ term: String) -> Bool {
        term.split(separator: "-", omittingEmptySubsequences: false).allSatisfy { CodeNormalizer.looksLikeCode($0) }
    }

    private func lookUpCodes(in codeSet: CodeSet) throws {
        let results = terms.map { codeSet.lookup($0) }
        if json {
            print(try jsonString(results.map { LookupJSON(result: $0, in: codeSet) }))
        } else {
            let report = CodeBookPage(codeSet: codeSet)
            print(results.map { result in
                switch result {
                case let .success(entry): report.render(entry)
                case let .failure(invalid): report.render(invalid)
                }
            }.joined(separator: "\n\n"))
        }
        if results.contains(where: { if case .failure = $0 { true } else { false } }) {
            throw QuizExit.problemsFound
        }
    }

    private func search(_ codeSet: CodeSet) throws {
        let query = terms.joined(separator: " ")
        let matches = codeSet.search(query, limit: limit)
        if json {
            print(try jsonString(SearchJSON(query: query, matches: matches.map(SearchJSON.Match.init))))
            return
        }
        guard !matches.isEmpty else {
            print("No code's title or inclusion terms contain all of: \(SafeText.sanitized(query))")
            return
        }
        let width = matches.map(\.entry.code.count).max() ?? 0
        for match in matches {
            let code = match.entry.code.padding(toLength: width, withPad: " ", startingAt: 0)
            var line = "\(code)  \(SafeText.sanitized(match.entry.title))"
            if !match.entry.isBillable { line += "  [not billable]" }
            if match.matchedText != match.entry.title { line += "\n" + String(repeating: " ", count: width + 2) + "includes: \(SafeText.sanitized(match.matchedText))" }
            print(line)
        }
    }
}
