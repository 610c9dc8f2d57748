/// Navigating the tabular tree: parents, children, siblings, paths and the billable codes
/// beneath a header.
extension CodeSet {
    /// The node one level up: a category's block, a block's chapter (or enclosing block),
    /// a 7th-character code's leaf.
    public func parent(of entry: CodeEntry) -> CodeEntry? {
        if entry.seventhCharacter != nil { return self.entry(node: entry.node) }
        let parent = record(entry.node).parent
        return parent == CodeSetFormat.noParent ? nil : self.entry(node: Int(parent))
    }

    /// The entries one level down. A leaf that needs a 7th character has the codes formed
    /// with each character it takes as its children.
    public func children(of entry: CodeEntry) -> [CodeEntry] {
        if entry.seventhCharacter != nil { return [] }
        if entry.needsSeventhCharacter { return seventhCharacterCodes(leaf: entry.node) }
        return childNodes(of: entry.node).map { self.entry(node: $0) }
    }

    /// The other children of this entry's parent, in tabular order.
    public func siblings(of entry: CodeEntry) -> [CodeEntry] {
        guard let parent = parent(of: entry) else {
            return (0..<nodeCount).filter { record($0).parent == CodeSetFormat.noParent && $0 != entry.node }
                .map { self.entry(node: $0) }
        }
        return children(of: parent).filter { $0 != entry }
    }

    /// From the chapter down to the entry itself: chapter › block(s) › category › … › entry.
    public func path(to entry: CodeEntry) -> [CodeEntry] {
        var path = [entry]
        var current = entry
        while let parent = parent(of: current) {
            path.append(parent)
            current = parent
        }
        return path.reversed()
    }

    /// Every billable code at or beneath the entry, in tabular order (M54.5 → M54.50, M54.51,
    /// M54.59). A billable code returns itself.
    public func billableCodes(under entry: CodeEntry) -> [CodeEntry] {
        if entry.seventhCharacter != nil { return [entry] }
        var codes: [CodeEntry] = []
        for node in entry.node..<record(entry.node).subtreeEnd {
            let flags = record(node).flags
            if flags & CodeSetFormat.Flag.billable != 0 {
                codes.append(self.entry(node: node))
            } else if flags & CodeSetFormat.Flag.needsSeventhCharacter != 0 {
                codes += seventhCharacterCodes(leaf: node)
            }
        }
        return codes
    }

    /// The 7th characters a leaf takes (after the S06 exception), or `nil` when it takes none.
    public func seventhCharacters(for entry: CodeEntry) -> [SeventhCharacter]? {
        guard entry.needsSeventhCharacter || entry.seventhCharacter != nil else { return nil }
        return allowedSeventhCharacters(leaf: entry.node)
    }

    /// The 7th-character definitions in force at a node: its own, or its nearest ancestor's.
    func definedSeventhCharacters(node: Int) -> [SeventhCharacter] {
        var current = node
        while true {
            let record = record(current)
            if record.extensionCount > 0 {
                return (record.firstExtension..<record.firstExtension + record.extensionCount)
                    .map(seventhCharacterDefinition)
            }
            guard record.parent != CodeSetFormat.noParent else { return [] }
            current = Int(record.parent)
        }
    }

    func allowedSeventhCharacters(leaf node: Int) -> [SeventhCharacter] {
        SeventhCharacterRule.allowed(leafKey: key(of: node), defined: definedSeventhCharacters(node: node))
    }

    func seventhCharacterCodes(leaf node: Int) -> [CodeEntry] {
        allowedSeventhCharacters(leaf: node).map { entry(leaf: node, seventh: $0) }
    }

    func childNodes(of node: Int) -> [Int] {
        var children: [Int] = []
        var child = node + 1
        let end = record(node).subtreeEnd
        while child < end {
            children.append(child)
            child = record(child).subtreeEnd
        }
        return children
    }
}
