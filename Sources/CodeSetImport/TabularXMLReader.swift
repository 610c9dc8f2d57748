import CodeSet
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the CMS/NCHS tabular XML (`<ICD10CM.tabular>`) into a tree of ``TabularNode``.
///
/// Chapters hold sections (blocks) which hold nested `<diag>` elements. A few sections are
/// empty headers whose range covers the sections after them (M40-M54 over M40-M43 …
/// M50-M54); they become the parents of those sections, as in the printed code book.
/// The introduction, section index and the H54 visual-impairment table are not codes and are
/// left out.
struct TabularXMLReader {
    let path: String

    struct Result {
        var version: String
        var chapters: [TabularNode]
    }

    func read(_ xml: [UInt8]) throws(ImportError) -> Result {
        let parser = XMLParser(data: Data(xml))
        let delegate = Delegate(path: path, parser: parser)
        parser.delegate = delegate
        let parsed = parser.parse()
        // The first error, as libxml2 reported it, names the right line; on Linux `parse()`
        // can return true after an error, so both are checked.
        if let failure = delegate.failure { throw failure }
        if !parsed || parser.parserError != nil {
            let reason = parser.parserError.map { Self.describe($0) } ?? "unknown parser error"
            throw .malformedXML(path: path, line: parser.lineNumber, column: parser.columnNumber, reason: reason)
        }
        guard delegate.sawRoot else {
            throw .unexpectedStructure(path: path, line: 1, reason: "the root element is not <ICD10CM.tabular>")
        }
        guard !delegate.chapters.isEmpty else {
            throw .unexpectedStructure(path: path, line: parser.lineNumber, reason: "it holds no <chapter>")
        }
        return Result(version: delegate.version, chapters: delegate.chapters)
    }

    static func describe(_ error: any Error) -> String {
        let code = (error as NSError).code
        return libxml2Messages[code] ?? "libxml2 error \(code)"
    }

    /// Plain words for the libxml2 errors a damaged or truncated file produces.
    private static let libxml2Messages: [Int: String] = [
        4: "the document is empty",
        5: "the file ends before the document does (truncated?)",
        9: "an invalid character",
        23: "a reference to an undefined entity",
        38: "an attribute without its value",
        39: "an attribute value without quotes",
        41: "an attribute named twice",
        64: "the XML declaration is malformed",
        73: "'>' expected",
        76: "an end tag that does not match the open element",
        77: "an element that is never closed",
    ]

    /// A node while its element is still open.
    private struct OpenNode {
        var node: TabularNode
        var line: Int
        var sections: [TabularNode] = []
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        let path: String
        weak var parser: XMLParser?
        var chapters: [TabularNode] = []
        var version = ""
        var sawRoot = false
        var failure: ImportError?

        private var elements: [String] = []
        private var open: [OpenNode] = []
        private var noteKind: NoteKind?
        private var extensionCharacter: Character?
        private var text = ""
        private var capturing = false

        private static let nodeElements: Set<String> = ["chapter", "section", "diag"]

        init(path: String, parser: XMLParser) {
            self.path = path
            self.parser = parser
        }

        private var line: Int { parser?.lineNumber ?? 0 }

        private func fail(_ reason: String) {
            guard failure == nil else { return }
            failure = .unexpectedStructure(path: path, line: line, reason: reason)
            parser?.abortParsing()
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            let parent = elements.last
            elements.append(name)
            if elements.count == 1 {
                guard name == "ICD10CM.tabular" else { return fail("the root element is <\(name)>, not <ICD10CM.tabular>") }
                sawRoot = true
                return
            }
            switch name {
            case "version" where elements.count == 2:
                beginText()
            case "chapter" where parent == "ICD10CM.tabular":
                open.append(OpenNode(node: TabularNode(code: "", title: "", kind: .chapter), line: line))
            case "section" where parent == "chapter":
                guard let id = attributes["id"], !id.isEmpty else { return fail("a <section> has no id") }
                open.append(OpenNode(node: TabularNode(code: id, title: "", kind: .block), line: line))
            case "diag" where parent == "section" || parent == "diag":
                open.append(OpenNode(node: TabularNode(code: "", title: "", kind: .code), line: line))
            case "name", "desc":
                if let parent, Self.nodeElements.contains(parent) { beginText() }
            case "note":
                if noteKind != nil, let parent, NoteKind(rawValue: parent) != nil { beginText() }
            case "sevenChrDef":
                break
            case "extension" where parent == "sevenChrDef":
                guard let character = attributes["char"], character.count == 1 else {
                    return fail("an <extension> has no single-character char attribute")
                }
                extensionCharacter = Character(character)
                beginText()
            default:
                if let kind = NoteKind(rawValue: name), let parent, Self.nodeElements.contains(parent) {
                    noteKind = kind
                }
            }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            guard failure == nil else { return }
            failure = .malformedXML(path: path, line: parser.lineNumber, column: parser.columnNumber,
                                    reason: TabularXMLReader.describe(parseError))
            parser.abortParsing()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if capturing { text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            elements.removeLast()
            let parent = elements.last
            switch name {
            case "version" where elements.count == 1:
                version = endText()
            case "name" where capturing:
                open[open.count - 1].node.code = endText()
            case "desc" where capturing:
                open[open.count - 1].node.title = endText()
            case "note" where capturing:
                let note = endText()
                if let noteKind, !note.isEmpty { open[open.count - 1].node.notes.append(Note(kind: noteKind, text: note)) }
            case "extension" where capturing:
                let meaning = endText()
                if let extensionCharacter {
                    open[open.count - 1].node.seventhCharacters.append(
                        SeventhCharacter(character: extensionCharacter, meaning: meaning))
                }
                extensionCharacter = nil
            case "diag" where parent == "section" || parent == "diag":
                closeDiag()
            case "section" where parent == "chapter":
                var block = open.removeLast().node
                if let (range, title) = Self.splitRange(block.title), range == block.code { block.title = title }
                guard !block.title.isEmpty else { return fail("section \(block.code) has no title") }
                open[open.count - 1].sections.append(block)
            case "chapter" where parent == "ICD10CM.tabular":
                closeChapter()
            default:
                if NoteKind(rawValue: name) != nil, let parent, Self.nodeElements.contains(parent) { noteKind = nil }
            }
        }

        private func closeDiag() {
            var diag = open.removeLast().node
            guard !diag.code.isEmpty else { return fail("a <diag> has no <name>") }
            guard !diag.title.isEmpty else { return fail("\(diag.code) has no <desc>") }
            let key = CodeNormalizer.key(diag.code)
            diag.kind = key.count == 3 ? .category : (diag.children.isEmpty ? .code : .subcategory)
            open[open.count - 1].node.children.append(diag)
        }

        private func closeChapter() {
            let chapter = open.removeLast()
            guard let number = Int(chapter.node.code) else {
                return fail("chapter \"\(chapter.node.code)\" is not numbered")
            }
            guard let (range, title) = Self.splitRange(chapter.node.title) else {
                return fail("chapter \(number)'s title \"\(chapter.node.title)\" does not end with its code range")
            }
            var node = chapter.node
            node.code = range
            node.title = title
            node.chapterNumber = number
            node.children = Self.nestHeaderBlocks(chapter.sections)
            chapters.append(node)
        }

        /// "Dorsopathies (M40-M54)" → ("M40-M54", "Dorsopathies").
        static func splitRange(_ title: String) -> (String, String)? {
            guard title.hasSuffix(")"), let open = title.lastIndex(of: "(") else { return nil }
            let range = title[title.index(after: open)..<title.index(before: title.endIndex)]
            guard !range.isEmpty, !range.contains(" ") else { return nil }
            let name = title[..<open].trimmingCharacters(in: .whitespaces)
            return (String(range), name)
        }

        /// Makes each empty section the parent of the sections its range covers.
        static func nestHeaderBlocks(_ sections: [TabularNode]) -> [TabularNode] {
            func bounds(_ block: TabularNode) -> (String, String) {
                let parts = block.code.split(separator: "-")
                return (String(parts.first ?? ""), String(parts.last ?? ""))
            }
            var result: [TabularNode] = []
            var headers: [TabularNode] = []  // open header blocks, outermost first
            func closeHeader() {
                let header = headers.removeLast()
                if headers.isEmpty { result.append(header) } else { headers[headers.count - 1].children.append(header) }
            }
            for section in sections {
                let (first, last) = bounds(section)
                while let header = headers.last {
                    let (headerFirst, headerLast) = bounds(header)
                    if first >= headerFirst && last <= headerLast { break }
                    closeHeader()
                }
                if section.children.isEmpty {
                    headers.append(section)
                } else if headers.isEmpty {
                    result.append(section)
                } else {
                    headers[headers.count - 1].children.append(section)
                }
            }
            while !headers.isEmpty { closeHeader() }
            return result
        }

        private func beginText() {
            text = ""
            capturing = true
        }

        /// The captured text with runs of white space (and any control characters) made one space.
        private func endText() -> String {
            capturing = false
            var cleaned = ""
            var pendingSpace = false
            for scalar in text.unicodeScalars {
                if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control {
                    pendingSpace = !cleaned.isEmpty
                } else {
                    if pendingSpace { cleaned.unicodeScalars.append(" ") }
                    pendingSpace = false
                    cleaned.unicodeScalars.append(scalar)
                }
            }
            return cleaned
        }
    }
}
