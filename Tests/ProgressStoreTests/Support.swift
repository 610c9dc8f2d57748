import Foundation
import Testing
@testable import ProgressStore
import Scheduler

/// A fresh Progress directory under the system temporary directory.
func makeProgressDirectory() -> String {
    let path = NSTemporaryDirectory() + "quiz-progress-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

let t0 = Timestamp.parse("2026-03-02T09:00:00Z")!

func answer(_ card: String, _ rating: Rating, given: String = "M54.50", mode: Mode = .practice) -> Answer {
    Answer(cardID: card, bank: "back-pain", code: "M54.50", rating: rating, correct: rating != .again,
           given: given, responseMilliseconds: 4200, hints: rating == .hard ? 1 : 0, mode: mode)
}

func bytes(_ path: String) -> [UInt8] {
    Array((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data())
}

func appendBytes(_ path: String, _ extra: [UInt8]) {
    let handle = FileHandle(forWritingAtPath: path)!
    handle.seekToEndOfFile()
    handle.write(Data(extra))
    handle.closeFile()
}

func writeBytes(_ path: String, _ content: [UInt8]) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(content))
}

/// Runs `body` and returns the ProgressError it throws (nil if none).
/// Fails the test when it throws anything but a ProgressError.
func progressError(_ body: () throws -> Void) -> ProgressError? {
    do {
        try body()
        return nil
    } catch let error as ProgressError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}
