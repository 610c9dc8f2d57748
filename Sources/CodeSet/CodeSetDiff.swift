/// What changed between two releases of the code set, for instructors updating their banks
/// every October 1.
public struct CodeSetDiff: Sendable, Equatable {
    public struct Retitled: Sendable, Equatable {
        public let code: String
        public let oldTitle: String
        public let newTitle: String
    }

    /// A code that can no longer be reported as it stands, and what to report instead.
    public struct Replaced: Sendable, Equatable {
        public let code: String
        public let oldTitle: String
        /// Why: it was deleted, or it became a header (or needs a 7th character) in the new release.
        public let change: Change
        /// The billable codes to use instead: those beneath it when it became a header,
        /// otherwise the nearest codes of the new release.
        public let replacements: [CodeEntry]
    }

    public enum Change: String, Sendable, Equatable, Codable {
        case deleted
        case becameHeader
    }

    public let oldRelease: String
    public let newRelease: String
    /// Billable codes new in this release.
    public let added: [CodeEntry]
    /// Billable codes of the old release that are not billable codes of the new one.
    public let replaced: [Replaced]
    /// Codes billable in both whose official title changed.
    public let retitled: [Retitled]

    public var isEmpty: Bool { added.isEmpty && replaced.isEmpty && retitled.isEmpty }

    /// Compares every billable code (7th characters expanded) of two code sets.
    public init(from old: CodeSet, to new: CodeSet) {
        oldRelease = old.metadata.release
        newRelease = new.metadata.release
        let oldCodes = old.allBillableCodes(), newCodes = new.allBillableCodes()
        let oldByCode = Dictionary(oldCodes.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let newByCode = Dictionary(newCodes.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        added = newCodes.filter { oldByCode[$0.code] == nil }
        retitled = oldCodes.compactMap { entry in
            guard let now = newByCode[entry.code], now.title != entry.title else { return nil }
            return Retitled(code: entry.code, oldTitle: entry.title, newTitle: now.title)
        }
        replaced = oldCodes.filter { newByCode[$0.code] == nil }.map { entry in
            switch new.lookup(entry.code) {
            case let .success(header):
                return Replaced(code: entry.code, oldTitle: entry.title, change: .becameHeader,
                                replacements: new.billableCodes(under: header))
            case let .failure(invalid):
                return Replaced(code: entry.code, oldTitle: entry.title, change: .deleted,
                                replacements: invalid.suggestions.filter(\.isBillable))
            }
        }
    }
}

extension CodeSet {
    /// Every billable code, in tabular order.
    public func allBillableCodes() -> [CodeEntry] {
        (0..<nodeCount).filter { record($0).parent == CodeSetFormat.noParent }
            .flatMap { billableCodes(under: entry(node: $0)) }
    }
}
