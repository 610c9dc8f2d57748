/// Why a written code is not a code of the set, with the nearest codes that are.
public struct InvalidCode: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// Not shaped like an ICD-10-CM code at all.
        case malformed
        /// Shaped like a code, but the tabular list has no such code.
        case unknown
        /// The leaf exists but its category does not define this 7th character.
        case undefinedSeventhCharacter(leaf: String, allowed: [Character])
        /// The 7th character is defined for the category but excluded for this code (S06 rule).
        case seventhCharacterNotAllowed(leaf: String, explanation: String, allowed: [Character])
        /// The 7th character is not in 7th place: placeholder X is missing (T07A for T07.XXXA).
        case missingPlaceholder(correct: String)
    }

    /// The text as the user wrote it.
    public let input: String
    public let reason: Reason
    /// Valid codes close to the input, best first.
    public let suggestions: [CodeEntry]

    public var description: String {
        let shown = CodeNormalizer.looksLikeCode(input) ? CodeNormalizer.display(key: CodeNormalizer.key(input)) : input
        switch reason {
        case .malformed:
            return "\"\(input)\" is not an ICD-10-CM code (a letter, two more characters, then up to four after a dot, e.g. M53.3)"
        case .unknown:
            return "\(shown) is not an ICD-10-CM code"
        case let .undefinedSeventhCharacter(leaf, allowed):
            return "\(shown) is not valid: \(leaf) takes the 7th characters \(Self.list(allowed))"
        case let .seventhCharacterNotAllowed(leaf, explanation, allowed):
            let character = shown.last.map(String.init) ?? ""
            return "\(shown) is not valid: 7th character \(character) does not apply to \(leaf) "
                + "(6th character: \(explanation)); it takes \(Self.list(allowed)) only"
        case let .missingPlaceholder(correct):
            return "\(shown) is missing its placeholder X: the 7th character must stand 7th, as in \(correct)"
        }
    }

    private static func list(_ characters: [Character]) -> String {
        characters.map(String.init).joined(separator: ", ")
    }
}

extension CodeSet {
    /// Finds a code as people write it: with or without the dot, any case ("m533" is M53.3).
    /// Also accepts chapter and block ranges ("M40-M54") and codes formed with a 7th character.
    public func lookup(_ text: String) -> Result<CodeEntry, InvalidCode> {
        let key = CodeNormalizer.key(text)
        if let node = node(forKey: key) { return .success(entry(node: node)) }
        guard CodeNormalizer.looksLikeCode(key) else {
            return .failure(InvalidCode(input: text, reason: .malformed, suggestions: []))
        }
        if key.count == 7, let result = lookupSeventhCharacterCode(key, input: text) { return result }
        if let placeholder = missingPlaceholder(key) {
            return .failure(InvalidCode(input: text, reason: .missingPlaceholder(correct: placeholder.code),
                                        suggestions: [placeholder]))
        }
        return .failure(InvalidCode(input: text, reason: .unknown, suggestions: nearestCodes(to: key)))
    }

    /// Shorthand for a code known to exist; `nil` for anything invalid.
    public func entry(_ text: String) -> CodeEntry? {
        try? lookup(text).get()
    }

    /// Whether the text names a billable code.
    public func isBillable(_ text: String) -> Bool {
        entry(text)?.isBillable ?? false
    }

    /// The official title of a code, or `nil` when there is no such code.
    public func title(of text: String) -> String? {
        entry(text)?.title
    }

    /// A 7-character key: the leaf it extends (its first six characters, placeholders X
    /// trimmed) and whether the 7th character is one that leaf takes.
    private func lookupSeventhCharacterCode(_ key: String, input: String) -> Result<CodeEntry, InvalidCode>? {
        let stem = String(key.prefix(6))
        let character = key.last!
        var candidate = Substring(stem)
        var leaf = node(forKey: candidate)
        while leaf == nil, candidate.last == "X" {
            candidate = candidate.dropLast()
            leaf = node(forKey: candidate)
        }
        guard let leaf, record(leaf).flags & CodeSetFormat.Flag.needsSeventhCharacter != 0 else { return nil }
        let leafCode = entry(node: leaf).code
        let allowed = allowedSeventhCharacters(leaf: leaf)
        if let definition = allowed.first(where: { $0.character == character }) {
            return .success(entry(leaf: leaf, seventh: definition))
        }
        let suggestions = allowed.map { entry(leaf: leaf, seventh: $0) }
        let defined = definedSeventhCharacters(node: leaf)
        if defined.contains(where: { $0.character == character }),
           let explanation = SeventhCharacterRule.s06Exception(leafKey: self.key(of: leaf)) {
            return .failure(InvalidCode(
                input: input,
                reason: .seventhCharacterNotAllowed(leaf: leafCode, explanation: explanation,
                                                    allowed: allowed.map(\.character)),
                suggestions: suggestions))
        }
        return .failure(InvalidCode(
            input: input, reason: .undefinedSeventhCharacter(leaf: leafCode, allowed: allowed.map(\.character)),
            suggestions: suggestions))
    }

    /// "T07A": a leaf that needs a 7th character, written with it but without its placeholders.
    private func missingPlaceholder(_ key: String) -> CodeEntry? {
        guard key.count < 7, let leaf = node(forKey: key.dropLast()),
              record(leaf).flags & CodeSetFormat.Flag.needsSeventhCharacter != 0,
              let definition = allowedSeventhCharacters(leaf: leaf).first(where: { $0.character == key.last })
        else { return nil }
        return entry(leaf: leaf, seventh: definition)
    }

    /// Codes one typing slip away (a character changed, missing, extra or swapped), then the
    /// nearest code the input starts with and its children.
    func nearestCodes(to key: String, limit: Int = 6) -> [CodeEntry] {
        var found: [Int] = []
        func consider(_ candidate: String) {
            if let node = node(forKey: candidate), !found.contains(node),
               record(node).kind != .chapter, record(node).kind != .block {
                found.append(node)
            }
        }
        let characters = Array(key)
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        for position in characters.indices {
            var deleted = characters
            deleted.remove(at: position)
            consider(String(deleted))
            if position + 1 < characters.count {
                var swapped = characters
                swapped.swapAt(position, position + 1)
                consider(String(swapped))
            }
            for replacement in alphabet where replacement != characters[position] {
                var changed = characters
                changed[position] = replacement
                consider(String(changed))
            }
        }
        if characters.count < 7 {
            for position in 0...characters.count {
                for addition in alphabet {
                    var inserted = characters
                    inserted.insert(addition, at: position)
                    consider(String(inserted))
                }
            }
        }
        var nearby: [Int] = []
        for length in stride(from: characters.count - 1, through: 3, by: -1) {
            if let prefix = node(forKey: String(characters.prefix(length))) {
                nearby = [prefix] + childNodes(of: prefix)
                break
            }
        }
        let ranked = found.sorted { lhs, rhs in
            // Billable codes and codes sharing the input's category come first.
            let lhsScore = score(lhs, key: key), rhsScore = score(rhs, key: key)
            return lhsScore != rhsScore ? lhsScore > rhsScore : lhs < rhs
        }
        var result: [Int] = []
        for node in ranked + nearby where !result.contains(node) && result.count < limit {
            result.append(node)
        }
        return result.map { entry(node: $0) }
    }

    private func score(_ node: Int, key: String) -> Int {
        var score = 0
        if record(node).flags & CodeSetFormat.Flag.billable != 0 { score += 2 }
        if self.key(of: node).prefix(3) == key.prefix(3) { score += 1 }
        return score
    }
}
