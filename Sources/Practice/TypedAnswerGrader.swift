import CodeSet

/// The verdict on a typed answer, with what a coder needs to hear about each near miss.
public struct TypedGrade: Sendable, Equatable {
    /// Every expected code, in order, and nothing else.
    public let isCorrect: Bool
    /// The codes as the learner typed them, normalised ("M54.50").
    public let given: [String]
    /// One line per problem, naming the code and what is wrong with it.
    public let findings: [String]
}

/// Grades codes typed by the learner against a case's answer.
///
/// Case and dot do not matter ("m5450" is M54.50); several codes are separated by spaces,
/// commas or "+", and are checked in reporting order. Near misses are named: a header that is
/// not billable (and the codes beneath it), the right category at the wrong specificity, a
/// missing 7th character, a code that does not exist.
public struct TypedAnswerGrader: Sendable {
    let codeSet: CodeSet

    public init(codeSet: CodeSet) {
        self.codeSet = codeSet
    }

    /// Splits typed text into codes.
    public static func codes(in typed: String) -> [String] {
        typed.split { $0 == " " || $0 == "," || $0 == "+" || $0 == ";" || $0 == "\t" }.map(String.init)
    }

    public func grade(_ typed: String, expected: [String]) -> TypedGrade {
        let written = Self.codes(in: typed)
        let given = written.map { codeSet.entry($0)?.code ?? CodeNormalizer.display(key: CodeNormalizer.key($0)) }
        let expectedCodes = expected.map { codeSet.entry($0)?.code ?? $0 }
        if given == expectedCodes { return TypedGrade(isCorrect: true, given: given, findings: []) }

        var findings: [String] = []
        if written.isEmpty {
            findings.append("No code was given.")
        } else if Set(given) == Set(expectedCodes) {
            findings.append("The right codes in the wrong order: report \(expectedCodes.joined(separator: ", then ")).")
        } else {
            for (position, text) in written.enumerated() {
                findings += problems(with: text, shown: given[position], expected: expectedCodes)
            }
            let missing = expectedCodes.filter { !given.contains($0) }
            if !missing.isEmpty, expectedCodes.count > 1 {
                findings.append("\(missing.count) of the \(expectedCodes.count) codes this case needs \(missing.count == 1 ? "is" : "are") missing.")
            }
        }
        return TypedGrade(isCorrect: false, given: given, findings: findings)
    }

    private func problems(with text: String, shown: String, expected: [String]) -> [String] {
        switch codeSet.lookup(text) {
        case let .failure(invalid):
            return [invalid.description + "."]
        case let .success(entry):
            if expected.contains(entry.code) { return [] }
            if entry.needsSeventhCharacter {
                let characters = (codeSet.seventhCharacters(for: entry) ?? []).map { String($0.character) }
                return ["\(entry.code) is missing its 7th character (\(characters.joined(separator: ", ")))."]
            }
            if !entry.isBillable {
                let beneath = codeSet.billableCodes(under: entry)
                let listed = beneath.prefix(8).map(\.code).joined(separator: ", ") + (beneath.count > 8 ? ", …" : "")
                return ["\(entry.code) is not billable: \(listed)."]
            }
            if let sibling = expected.first(where: { sameCategory($0, entry.code) }) {
                return ["\(entry.code) (\(entry.title)) is in the right category, \(category(of: sibling)), but not the right code."]
            }
            return ["\(entry.code) is \(entry.title)."]
        }
    }

    private func category(of code: String) -> String { String(code.prefix(3)) }

    private func sameCategory(_ lhs: String, _ rhs: String) -> Bool { category(of: lhs) == category(of: rhs) }
}
