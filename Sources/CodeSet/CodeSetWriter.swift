/// Serialises a tabular tree into the compact `.codeset` layout described by ``CodeSetFormat``.
///
/// The output depends only on its inputs, so importing the same official file twice gives
/// byte-identical data: the shipped file can be checked against its source.
public struct CodeSetWriter {
    public var chapters: [TabularNode]
    public var metadata: CodeSetMetadata

    public init(chapters: [TabularNode], metadata: CodeSetMetadata) {
        self.chapters = chapters
        self.metadata = metadata
    }

    public func encoded() -> [UInt8] {
        var builder = Builder()
        for chapter in chapters {
            builder.add(chapter, parent: CodeSetFormat.noParent, inheritsSeventhCharacter: false)
        }
        let metadataText = builder.string(metadata.serialized)

        let index = builder.sortedIndex()
        var words: [UInt32] = [
            CodeSetFormat.magic.0, CodeSetFormat.magic.1, CodeSetFormat.version,
            UInt32(builder.nodes.count / CodeSetFormat.nodeWords),
            UInt32(builder.notes.count / CodeSetFormat.noteWords),
            UInt32(builder.extensions.count / CodeSetFormat.extensionWords),
            UInt32(builder.strings.count), metadataText.offset, metadataText.length,
        ]
        words += Array(repeating: 0, count: CodeSetFormat.headerWords - words.count)
        words += builder.nodes
        words += builder.notes
        words += builder.extensions
        words += index

        var bytes: [UInt8] = []
        bytes.reserveCapacity(words.count * 4 + builder.strings.count)
        for word in words {
            withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
        }
        bytes += builder.strings
        return bytes
    }

    private struct Builder {
        var nodes: [UInt32] = []
        var notes: [UInt32] = []
        var extensions: [UInt32] = []
        var strings: [UInt8] = []
        var keys: [[UInt8]] = []
        var isHeading: [UInt8] = []
        var internedStrings: [String: (offset: UInt32, length: UInt32)] = [:]

        mutating func string(_ text: String) -> (offset: UInt32, length: UInt32) {
            if let known = internedStrings[text] { return known }
            let utf8 = Array(text.utf8)
            let reference = (UInt32(strings.count), UInt32(utf8.count))
            strings += utf8
            internedStrings[text] = reference
            return reference
        }

        mutating func add(_ node: TabularNode, parent: UInt32, inheritsSeventhCharacter: Bool) {
            let number = UInt32(keys.count)
            keys.append(Array(CodeNormalizer.key(node.code).utf8))
            isHeading.append(node.kind == .chapter || node.kind == .block ? 1 : 0)
            let base = nodes.count
            nodes += Array(repeating: 0, count: CodeSetFormat.nodeWords)

            let hasSeventh = inheritsSeventhCharacter || !node.seventhCharacters.isEmpty
            let isLeaf = node.children.isEmpty && node.kind != .chapter && node.kind != .block
            var flags: UInt32 = 0
            if isLeaf { flags |= hasSeventh ? CodeSetFormat.Flag.needsSeventhCharacter : CodeSetFormat.Flag.billable }

            let code = string(node.code)
            let title = string(node.title)
            let firstNote = UInt32(notes.count / CodeSetFormat.noteWords)
            for note in node.notes {
                let text = string(note.text)
                notes += [note.kind.rawCode, text.offset, text.length]
            }
            let firstExtension = UInt32(extensions.count / CodeSetFormat.extensionWords)
            for extensionDefinition in node.seventhCharacters {
                let text = string(extensionDefinition.meaning)
                let scalar = extensionDefinition.character.unicodeScalars.first!.value
                extensions += [scalar, text.offset, text.length]
            }
            for child in node.children {
                add(child, parent: number, inheritsSeventhCharacter: hasSeventh)
            }
            let end = UInt32(keys.count)
            nodes.replaceSubrange(base..<base + CodeSetFormat.nodeWords, with: [
                code.offset, code.length | node.kind.rawCode << 16 | flags << 24,
                title.offset, title.length, parent, end,
                firstNote, UInt32(node.notes.count) | UInt32(node.seventhCharacters.count) << 16,
                firstExtension, UInt32(node.chapterNumber),
            ])
        }

        /// Node numbers by key. A block named like its only category (T07) sorts after the
        /// category, so looking up "T07" finds the code.
        func sortedIndex() -> [UInt32] {
            (0..<UInt32(keys.count)).sorted { lhs, rhs in
                let lhsKey = keys[Int(lhs)], rhsKey = keys[Int(rhs)]
                return lhsKey == rhsKey ? isHeading[Int(lhs)] < isHeading[Int(rhs)] : lhsKey.lexicographicallyPrecedes(rhsKey)
            }
        }
    }
}

/// What the code-set file records about its source, so any copy can be traced to it.
public struct CodeSetMetadata: Sendable, Equatable, Codable {
    /// The release date of the code set, e.g. `2026-04-01`.
    public var release: String
    /// SHA-256 (hex) of the uncompressed official XML the file was built from.
    public var sourceSHA256: String
    /// The file name of that XML, for people reading `quiz codeset info`.
    public var sourceName: String

    public init(release: String, sourceSHA256: String, sourceName: String) {
        self.release = release
        self.sourceSHA256 = sourceSHA256
        self.sourceName = sourceName
    }

    var serialized: String {
        "release=\(release)\nsource-sha256=\(sourceSHA256)\nsource=\(sourceName)\n"
    }

    init(serialized text: Substring) {
        var fields: [Substring: Substring] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            fields[line[..<equals]] = line[line.index(after: equals)...]
        }
        release = String(fields["release"] ?? "")
        sourceSHA256 = String(fields["source-sha256"] ?? "")
        sourceName = String(fields["source"] ?? "")
    }
}
