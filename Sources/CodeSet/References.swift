/// A code reference inside a note, such as "(S39.012)", "(M51.2-)" or "(M43.3-M43.5X9)",
/// resolved to the codes it names.
public struct CodeReference: Sendable, Hashable {
    /// The reference as written: "M51.2-", "M43.3-M43.5X9".
    public let text: String
    /// The top-most entries the reference covers: the code itself, or every category or code
    /// within a range (their descendants are implied). Empty when the reference names codes
    /// that do not exist, which the official file does in a few places (F02's "G31.90").
    public let targets: [CodeEntry]
    /// True when the note narrows the reference in words ("T36-T50 with fifth or sixth
    /// character 5"), so the targets are a superset of what it means.
    public let isQualified: Bool

    public var isResolved: Bool { !targets.isEmpty }
}

extension CodeSet {
    /// The code references in a note's text, resolved against this code set.
    ///
    /// References are read from parenthesised groups that start with a code, so words such as
    /// "vitamin B12" are not mistaken for codes.
    public func references(in note: Note) -> [CodeReference] {
        NoteReferenceScanner.references(in: note.text).map { written in
            CodeReference(text: written.text, targets: resolve(written), isQualified: written.isQualified)
        }
    }

    /// Every billable code a note points at, e.g. all codes an Excludes1 note excludes.
    public func billableCodes(referencedBy note: Note) -> [CodeEntry] {
        var seen = Set<CodeEntry>()
        return references(in: note).flatMap { $0.targets.flatMap { billableCodes(under: $0) } }
            .filter { seen.insert($0).inserted }
    }

    private func resolve(_ reference: NoteReferenceScanner.WrittenReference) -> [CodeEntry] {
        guard let last = reference.last else {
            return entry(reference.first).map { [$0] } ?? []
        }
        let firstKey = Array(CodeNormalizer.key(reference.first).utf8)
        let lastKey = Array(CodeNormalizer.key(last).utf8)
        var inRange = Set<Int>()
        var nodes: [Int] = []
        var position = lowerBound(of: firstKey)
        while position < nodeCount {
            let node = indexedNode(at: position)
            let nodeKey = Array(key(of: node).utf8)
            guard !lastKey.lexicographicallyPrecedes(nodeKey) || nodeKey.starts(with: lastKey) else { break }
            let kind = record(node).kind
            // An ancestor of the last code (M43.5 for "…-M43.5X9") may hold codes past the range:
            // its children within the range are taken one by one instead.
            let isAncestorOfLast = nodeKey.count < lastKey.count && lastKey.starts(with: nodeKey)
            if kind != .chapter && kind != .block && !isAncestorOfLast {
                inRange.insert(node)
                nodes.append(node)
            }
            position += 1
        }
        return nodes.sorted().filter { !inRange.contains(Int(record($0).parent)) }.map { entry(node: $0) }
    }
}

/// Finds the code references written in a note's text.
enum NoteReferenceScanner {
    struct WrittenReference: Equatable {
        var text: String
        var first: String
        var last: String?
        var isQualified: Bool
    }

    static func references(in text: String) -> [WrittenReference] {
        var references: [WrittenReference] = []
        var remainder = Substring(text)
        while let open = remainder.firstIndex(of: "(") {
            let afterOpen = remainder[remainder.index(after: open)...]
            guard let close = afterOpen.firstIndex(of: ")") else { break }
            references += group(afterOpen[..<close])
            remainder = afterOpen[afterOpen.index(after: close)...]
        }
        return references
    }

    /// The references of one parenthesised group: a comma-separated list of codes, code
    /// families ("M51.2-", "Z16.-") and ranges, possibly followed by qualifying words.
    private static func group(_ text: Substring) -> [WrittenReference] {
        var found: [WrittenReference] = []
        for part in text.split(separator: ",") {
            let trimmed = part.drop { $0 == " " }
            let tokenEnd = trimmed.firstIndex(of: " ") ?? trimmed.endIndex
            let token = trimmed[..<tokenEnd]
            let qualified = tokenEnd != trimmed.endIndex
            guard let reference = parse(token, qualified: qualified) else {
                if found.isEmpty { return [] }  // the group does not start with a code
                continue
            }
            found.append(reference)
        }
        return found
    }

    private static func parse(_ token: Substring, qualified: Bool) -> WrittenReference? {
        var body = token
        if body.hasSuffix(".-") { body = body.dropLast(2) } else if body.hasSuffix("-") { body = body.dropLast() }
        let parts = body.split(separator: "-", omittingEmptySubsequences: false)
        switch parts.count {
        case 1 where isCode(parts[0]):
            return WrittenReference(text: String(token), first: String(parts[0]), last: nil, isQualified: qualified)
        case 2 where isCode(parts[0]) && isCode(parts[1].hasSuffix(".") ? parts[1].dropLast() : parts[1]):
            let last = parts[1].hasSuffix(".") ? parts[1].dropLast() : parts[1]
            return WrittenReference(text: String(token), first: String(parts[0]), last: String(last), isQualified: qualified)
        default:
            return nil
        }
    }

    /// A code as written in notes: letter, digit, letter-or-digit, then optionally a dot and
    /// up to four letters or digits.
    private static func isCode(_ text: Substring) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 3, ("A"..."Z").contains(scalars[0]), ("0"..."9").contains(scalars[1]),
              ("A"..."Z").contains(scalars[2]) || ("0"..."9").contains(scalars[2]) else { return false }
        guard scalars.count > 3 else { return true }
        guard scalars[3] == ".", scalars.count <= 8 else { return false }
        return scalars[4...].allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }
}
