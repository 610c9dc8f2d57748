import Foundation

/// The official ICD-10-CM code set: every chapter, block and code of the tabular list with
/// its title, billable flag, notes and 7th-character rules.
///
/// Opening one maps the compact file into memory and checks its structure once; every query
/// afterwards reads records in place. Instances are immutable and safe to share.
public final class CodeSet: Sendable {
    let file: MappedFile
    let nodeCount: Int
    private let noteCount: Int
    private let extensionCount: Int
    private let nodesStart: Int
    private let notesStart: Int
    private let extensionsStart: Int
    private let indexStart: Int
    private let stringsStart: Int
    private let stringsSize: Int
    /// Where the data came from: the release and the official file's checksum.
    public let metadata: CodeSetMetadata
    /// The file this code set was read from.
    public let path: String

    /// Opens a `.codeset` file written by ``CodeSetWriter``; a damaged file is refused, never misread.
    public init(contentsOf path: String) throws(CodeSetError) {
        self.path = path
        file = try MappedFile(path: path)
        let headerBytes = CodeSetFormat.headerWords * 4
        guard file.bytes.count >= headerBytes,
              file.word(at: 0) == CodeSetFormat.magic.0, file.word(at: 4) == CodeSetFormat.magic.1
        else { throw .corrupt(path: path, reason: "it does not start with the code-set signature") }
        let version = file.word(at: 8)
        guard version <= CodeSetFormat.version else { throw .newerFormat(path: path, version: version) }
        nodeCount = Int(file.word(at: 12))
        noteCount = Int(file.word(at: 16))
        extensionCount = Int(file.word(at: 20))
        stringsSize = Int(file.word(at: 24))
        nodesStart = headerBytes
        notesStart = nodesStart + nodeCount * CodeSetFormat.nodeWords * 4
        extensionsStart = notesStart + noteCount * CodeSetFormat.noteWords * 4
        indexStart = extensionsStart + extensionCount * CodeSetFormat.extensionWords * 4
        stringsStart = indexStart + nodeCount * 4
        guard stringsStart + stringsSize == file.bytes.count else {
            throw .corrupt(path: path, reason: "its size does not match its header (truncated?)")
        }
        let metadataOffset = Int(file.word(at: 28)), metadataLength = Int(file.word(at: 32))
        guard metadataOffset + metadataLength <= stringsSize else {
            throw .corrupt(path: path, reason: "its metadata lies outside the file")
        }
        metadata = CodeSetMetadata(serialized: Substring(
            String(decoding: UnsafeRawBufferPointer(rebasing: file.bytes[
                (stringsStart + metadataOffset)..<(stringsStart + metadataOffset + metadataLength)]),
                   as: UTF8.self)))
        if let problem = validateRecords() { throw .corrupt(path: path, reason: problem) }
    }

    /// The code set built into quiz (the release named in its ``metadata``).
    public static func shipped() throws(CodeSetError) -> CodeSet {
        guard let url = Bundle.module.url(forResource: "icd10cm", withExtension: "codeset") else {
            throw .missingShippedCodeSet
        }
        return try CodeSet(contentsOf: url.path)
    }

    // MARK: Records

    struct NodeRecord {
        let codeOffset: Int, codeLength: Int
        let kind: CodeKind
        let flags: UInt32
        let titleOffset: Int, titleLength: Int
        let parent: UInt32
        let subtreeEnd: Int
        let firstNote: Int, noteCount: Int
        let firstExtension: Int, extensionCount: Int
        let chapterNumber: Int
    }

    func record(_ node: Int) -> NodeRecord {
        let base = nodesStart + node * CodeSetFormat.nodeWords * 4
        let packed = file.word(at: base + 4), counts = file.word(at: base + 28)
        return NodeRecord(
            codeOffset: Int(file.word(at: base)), codeLength: Int(packed & 0xFFFF),
            kind: CodeKind(rawCode: (packed >> 16) & 0xFF) ?? .code, flags: packed >> 24,
            titleOffset: Int(file.word(at: base + 8)), titleLength: Int(file.word(at: base + 12)),
            parent: file.word(at: base + 16), subtreeEnd: Int(file.word(at: base + 20)),
            firstNote: Int(file.word(at: base + 24)), noteCount: Int(counts & 0xFFFF),
            firstExtension: Int(file.word(at: base + 32)), extensionCount: Int(counts >> 16),
            chapterNumber: Int(file.word(at: base + 36)))
    }

    func string(offset: Int, length: Int) -> String {
        String(decoding: stringBytes(offset: offset, length: length), as: UTF8.self)
    }

    func stringBytes(offset: Int, length: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file.bytes[(stringsStart + offset)..<(stringsStart + offset + length)])
    }

    func codeBytes(_ node: Int) -> UnsafeRawBufferPointer {
        let base = nodesStart + node * CodeSetFormat.nodeWords * 4
        return stringBytes(offset: Int(file.word(at: base)), length: Int(file.word(at: base + 4) & 0xFFFF))
    }

    func note(_ number: Int) -> Note {
        let location = noteLocation(number)
        return Note(kind: NoteKind(rawCode: location.kind) ?? .notes,
                    text: string(offset: location.offset, length: location.length))
    }

    /// A note's kind and where its text lies, without decoding the text.
    func noteLocation(_ number: Int) -> (kind: UInt32, offset: Int, length: Int) {
        let base = notesStart + number * CodeSetFormat.noteWords * 4
        return (file.word(at: base), Int(file.word(at: base + 4)), Int(file.word(at: base + 8)))
    }

    func seventhCharacterDefinition(_ number: Int) -> SeventhCharacter {
        let base = extensionsStart + number * CodeSetFormat.extensionWords * 4
        let scalar = Unicode.Scalar(file.word(at: base)) ?? "?"
        return SeventhCharacter(
            character: Character(scalar),
            meaning: string(offset: Int(file.word(at: base + 4)), length: Int(file.word(at: base + 8))))
    }

    func indexedNode(at position: Int) -> Int {
        Int(file.word(at: indexStart + position * 4))
    }

    /// Checks every reference in the file once, so later reads cannot go out of bounds.
    private func validateRecords() -> String? {
        for node in 0..<nodeCount {
            let base = nodesStart + node * CodeSetFormat.nodeWords * 4
            let packed = file.word(at: base + 4), counts = file.word(at: base + 28)
            let parent = file.word(at: base + 16), end = Int(file.word(at: base + 20))
            guard Int(file.word(at: base)) + Int(packed & 0xFFFF) <= stringsSize,
                  Int(file.word(at: base + 8)) + Int(file.word(at: base + 12)) <= stringsSize,
                  CodeKind(rawCode: (packed >> 16) & 0xFF) != nil,
                  parent == CodeSetFormat.noParent || Int(parent) < node,
                  end > node, end <= nodeCount,
                  Int(file.word(at: base + 24)) + Int(counts & 0xFFFF) <= noteCount,
                  Int(file.word(at: base + 32)) + Int(counts >> 16) <= extensionCount
            else { return "record \(node) points outside the file" }
        }
        for number in 0..<noteCount {
            let base = notesStart + number * CodeSetFormat.noteWords * 4
            guard Int(file.word(at: base + 4)) + Int(file.word(at: base + 8)) <= stringsSize
            else { return "note \(number) points outside the file" }
        }
        for number in 0..<extensionCount {
            let base = extensionsStart + number * CodeSetFormat.extensionWords * 4
            guard Int(file.word(at: base + 4)) + Int(file.word(at: base + 8)) <= stringsSize,
                  Unicode.Scalar(file.word(at: base)) != nil
            else { return "7th-character definition \(number) points outside the file" }
        }
        for position in 0..<nodeCount where indexedNode(at: position) >= nodeCount {
            return "index entry \(position) points outside the file"
        }
        return nil
    }
}
