import Foundation
import Testing

/// A full disk and a read-only progress folder: quiz says so clearly, never shows feedback for
/// an answer it did not save, and damages nothing already stored.
@Suite struct StorageFailureTests {
    /// ann's files, byte for byte, to compare before and after a failure.
    static func files(of home: PracticeHome) throws -> [String: Data] {
        let folder = home.progress.appendingPathComponent("ann")
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name != "lock" {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    /// A home where ann has answered one case.
    static func homeWithOneAnswer() throws -> PracticeHome {
        let home = try PracticeHome()
        let first = try QuizProcess.run(["practice", "--mode", "typed", "--seed", "1", "--limit", "1"], input: "M53.3\n",
                                        environment: home.environment(now: "2026-11-02T09:00:00Z"))
        try #require(first.status == 0, "\(first.standardError)")
        try #require(try home.reviews().count == 1)
        return home
    }

    /// quiz run through a wrapper (`prlimit`, `setpriv`) that changes what it may do.
    static func run(_ wrapper: [String], _ arguments: [String], input: String, home: PracticeHome) throws -> QuizProcess.Outcome {
        try QuizProcess.run(arguments, input: input, environment: home.environment(now: "2026-11-03T09:00:00Z"),
                            wrapper: wrapper)
    }

    @Test func aFullDiskStopsTheSessionWithoutPretendingAndKeepsWhatWasSaved() throws {
        let home = try Self.homeWithOneAnswer()
        defer { home.remove() }
        let before = try Self.files(of: home)
        let logSize = try #require(before["reviews.jsonl"]).count
        // The log may not grow by a single byte: the next answer cannot be written. The limit
        // holds for every file quiz writes, so its output goes through a pipe (`| cat`).
        let limited = ["/bin/bash", "-o", "pipefail", "-c", "/usr/bin/prlimit --fsize=\(logSize) \"$0\" \"$@\" | cat"]
        let full = try Self.run(limited,
                                ["practice", "--mode", "typed", "--new", "3"], input: "M54.50\nS39.012A\nM53.3\n", home: home)
        #expect(full.status == 3, "\(full.standardError)")
        #expect(full.standardOutput.contains("Your answer could NOT be saved"))
        #expect(full.standardOutput.contains("File too large (free some space"))
        #expect(!full.standardOutput.contains("Rated "), "no feedback may suggest the answer counted")
        #expect(!full.standardOutput.contains("[2/"), "the session stops at the first answer it cannot save")
        #expect(full.standardOutput.contains("Answered 0"))
        #expect(try Self.files(of: home) == before, "nothing stored was touched")

        // With room again, the same learner goes on where they were.
        let next = try Self.run([], ["practice", "--mode", "typed", "--new", "3"], input: "M54.50\nS39.012A\n", home: home)
        #expect(next.status == 0 && next.standardError.isEmpty, "\(next.standardError)")
        #expect(try home.reviews().count == 3)
    }

    /// A small tmpfs filled to the brim: the write fails with ENOSPC, not EFBIG. Needs root
    /// (mount); elsewhere the file-size limit above stands for it.
    @Test func aFullFileSystemIsRefusedLikeAFileSizeLimit() throws {
        guard getuid() == 0 else {
            print("not root: the full-tmpfs case is left to the file-size limit test")
            return
        }
        let home = try Self.homeWithOneAnswer()
        defer { home.remove() }
        let mountPoint = home.url.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        let mount = try QuizProcess.runTool(["/bin/mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint.path])
        guard mount.status == 0 else {
            print("tmpfs cannot be mounted here (\(mount.standardError)); the file-size limit test stands for it")
            return
        }
        defer { _ = try? QuizProcess.runTool(["/bin/umount", mountPoint.path]) }
        // Move ann's progress onto the tmpfs, then fill it.
        let progress = mountPoint.appendingPathComponent("Progress")
        try FileManager.default.copyItem(at: home.progress, to: progress)
        try FileManager.default.removeItem(at: home.progress)
        try FileManager.default.createSymbolicLink(at: home.progress, withDestinationURL: progress)
        let before = try Self.files(of: home)
        let filler = mountPoint.appendingPathComponent("filler")
        _ = try QuizProcess.runTool(["/bin/dd", "if=/dev/zero", "of=\(filler.path)", "bs=4k", "count=1000"])

        // Appends may still fit in the log's last page; whatever fails first (an answer, or
        // the snapshot at the end) must say so, and every answer shown as saved must be.
        let full = try Self.run([], ["practice", "--mode", "typed", "--new", "3"], input: "M54.50\nS39.012A\n", home: home)
        #expect(full.status == 2 || full.status == 3, "\(full.standardError)")
        #expect(full.standardError.contains("No space left on device (free some space"), "\(full.standardError)")
        if full.status == 3 { #expect(full.standardOutput.contains("Your answer could NOT be saved")) }
        let confirmed = full.standardOutput.components(separatedBy: "\nRated ").count - 1
        let log = try Self.files(of: home)["reviews.jsonl"] ?? Data()
        #expect(log.starts(with: try #require(before["reviews.jsonl"])), "the log before the failure is intact")
        #expect(try home.reviews().count == 1 + confirmed)

        try FileManager.default.removeItem(at: filler)
        let next = try Self.run([], ["practice", "--mode", "typed", "--new", "3"], input: "M54.50\nS39.012A\nM53.3\n", home: home)
        #expect(next.status == 0 && next.standardError.isEmpty, "\(next.standardError)")
        let confirmedNext = next.standardOutput.components(separatedBy: "\nRated ").count - 1
        #expect(confirmedNext > 0)
        #expect(try home.reviews().count == 1 + confirmed + confirmedNext)
    }

    @Test func aReadOnlyProgressFolderIsRefusedClearlyAndStillReadByStats() throws {
        let home = try Self.homeWithOneAnswer()
        defer { home.remove() }
        let before = try Self.files(of: home)
        _ = try QuizProcess.runTool(["/bin/chmod", "-R", "a-w", home.progress.path])
        defer { _ = try? QuizProcess.runTool(["/bin/chmod", "-R", "u+w", home.progress.path]) }
        // root writes whatever the permissions say: run quiz as nobody then.
        _ = try QuizProcess.runTool(["/bin/chmod", "-R", "a+rX", home.url.path])
        let asLearner = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []

        for arguments in [["practice", "--mode", "typed"], ["exam", "--questions", "1"]] {
            let refused = try Self.run(asLearner, arguments, input: "M54.50\n", home: home)
            #expect(refused.status == 2, "\(arguments[0]): \(refused.standardError)")
            #expect(refused.standardError.contains("Permission denied (quiz must be able to write in the learner's folder"),
                    "\(refused.standardError)")
            #expect(!refused.standardOutput.contains("Rated ") && !refused.standardOutput.contains("Saved"))
        }
        let stats = try Self.run(asLearner, ["stats", "--json"], input: "", home: home)
        #expect(stats.status == 0, "\(stats.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(stats.standardOutput.utf8)) as? [String: Any]
        #expect((report?["activity"] as? [String: Any])?["reviewsTotal"] as? Int == 1)
        #expect(try Self.files(of: home) == before)
    }
}
