extension CodeSet {
    /// The chapters of the tabular list, in order (chapter 1, A00-B99, first).
    public func chapters() -> [CodeEntry] {
        (0..<nodeCount).filter { record($0).parent == CodeSetFormat.noParent }.map { entry(node: $0) }
    }

    /// The chapter with this number (1–22), if the release has it.
    public func chapter(number: Int) -> CodeEntry? {
        chapters().first { $0.chapterNumber == number }
    }
}
