/// One code of the code set as other modules see it: a tabular node, or a code formed from a
/// leaf and one of its 7th characters (S39.012A).
public struct CodeEntry: Sendable, Hashable, CustomStringConvertible {
    /// The code as printed in the code book ("M53.3", "S39.012A", "M40-M54").
    public let code: String
    /// The official title. Codes formed with a 7th character follow the CMS order-file
    /// convention "<leaf title>, <extension meaning>".
    public let title: String
    public let kind: CodeKind
    /// Whether the code may be reported on a claim as it stands.
    public let isBillable: Bool
    /// True for a leaf that is only complete with a 7th character (S39.012).
    public let needsSeventhCharacter: Bool
    /// For chapters, their number (1–22).
    public let chapterNumber: Int?
    /// The 7th character, for codes formed with one.
    public let seventhCharacter: Character?

    let node: Int

    public var description: String { "\(code) \(title)" }
}

extension CodeSet {
    func entry(node: Int) -> CodeEntry {
        let record = record(node)
        return CodeEntry(
            code: string(offset: record.codeOffset, length: record.codeLength),
            title: string(offset: record.titleOffset, length: record.titleLength),
            kind: record.kind,
            isBillable: record.flags & CodeSetFormat.Flag.billable != 0,
            needsSeventhCharacter: record.flags & CodeSetFormat.Flag.needsSeventhCharacter != 0,
            chapterNumber: record.kind == .chapter ? record.chapterNumber : nil,
            seventhCharacter: nil, node: node)
    }

    func entry(leaf node: Int, seventh definition: SeventhCharacter) -> CodeEntry {
        let leaf = entry(node: node)
        return CodeEntry(
            code: SeventhCharacterRule.fullCode(leaf: leaf.code, character: definition.character),
            title: "\(leaf.title), \(definition.meaning)", kind: .code,
            isBillable: true, needsSeventhCharacter: false, chapterNumber: nil,
            seventhCharacter: definition.character, node: node)
    }

    /// The node whose normalised code equals `key` exactly, by binary search over the index.
    func node(forKey key: some StringProtocol) -> Int? {
        let target = Array(key.utf8)
        let position = lowerBound(of: target)
        guard position < nodeCount else { return nil }
        let node = indexedNode(at: position)
        return compare(node: node, with: target) == 0 ? node : nil
    }

    /// The first index position whose key is not less than `target`.
    func lowerBound(of target: [UInt8]) -> Int {
        var low = 0, high = nodeCount
        while low < high {
            let middle = (low + high) / 2
            if compare(node: indexedNode(at: middle), with: target) < 0 { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Compares a node's code (dots skipped) with a normalised key: -1, 0 or 1.
    func compare(node: Int, with key: [UInt8]) -> Int {
        let code = codeBytes(node)
        var keyPosition = 0
        for byte in code where byte != UInt8(ascii: ".") {
            guard keyPosition < key.count else { return 1 }
            if byte != key[keyPosition] { return byte < key[keyPosition] ? -1 : 1 }
            keyPosition += 1
        }
        return keyPosition < key.count ? -1 : 0
    }

    /// The normalised key of a node's code.
    func key(of node: Int) -> String {
        String(decoding: codeBytes(node).filter { $0 != UInt8(ascii: ".") }, as: UTF8.self)
    }
}
