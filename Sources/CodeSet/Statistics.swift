/// Counts that identify a release: how many chapters, blocks, categories and billable codes.
public struct CodeSetStatistics: Sendable, Equatable, Codable {
    public var chapters = 0
    public var blocks = 0
    /// Blocks that only group other blocks (M40-M54 over M40-M43 … M50-M54).
    public var headerBlocks = 0
    public var categories = 0
    /// Billable codes, counting each 7th-character code formed from a leaf.
    public var billable = 0
    /// Nodes of the tabular list itself, before 7th characters are added.
    public var tabularNodes = 0
}

extension CodeSet {
    /// Counts everything once; a few milliseconds over the whole set.
    public func statistics() -> CodeSetStatistics {
        var statistics = CodeSetStatistics(tabularNodes: nodeCount)
        for node in 0..<nodeCount {
            let record = record(node)
            switch record.kind {
            case .chapter: statistics.chapters += 1
            case .block:
                statistics.blocks += 1
                if childNodes(of: node).allSatisfy({ self.record($0).kind == .block }) && record.subtreeEnd > node + 1 {
                    statistics.headerBlocks += 1
                }
            case .category: statistics.categories += 1
            case .subcategory, .code: break
            }
            if record.flags & CodeSetFormat.Flag.billable != 0 {
                statistics.billable += 1
            } else if record.flags & CodeSetFormat.Flag.needsSeventhCharacter != 0 {
                statistics.billable += allowedSeventhCharacters(leaf: node).count
            }
        }
        return statistics
    }
}
