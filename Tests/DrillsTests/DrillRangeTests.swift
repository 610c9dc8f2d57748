import CodeSet
import Drills
import Testing

@Suite struct DrillRangeTests {
    @Test func chapterNumbersBlocksAndCategoriesAreRanges() throws {
        let generator = DrillGenerator(codeSet: try CodeSet.shipped())
        #expect(try generator.range("13").get().code == "M00-M99")
        #expect(try generator.range("M40-M54").get().code == "M40-M54")
        #expect(try generator.range("m54").get().code == "M54")
        #expect(throws: DrillRangeError.self) { try generator.range("23").get() }
        #expect(throws: DrillRangeError.self) { try generator.range("Q99.9Z").get() }
    }
}
