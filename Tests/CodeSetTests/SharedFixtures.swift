import CodeSet
import CodeSetImport
import Foundation

/// Paths and objects several tests share, found relative to this file so tests run from any
/// working directory.
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The official April 1, 2026 tabular list, beside the project in `../shared`.
    static let officialTabular = packageRoot
        .appendingPathComponent("../shared/data/icd10cm/icd10cm-tabular-2026-04-01.xml.gz").standardized.path

    /// The code set shipped with quiz.
    static let shipped: CodeSet = {
        do { return try CodeSet.shipped() } catch { fatalError("the shipped code set does not load: \(error)") }
    }()

    /// A scratch directory removed when the process ends.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
