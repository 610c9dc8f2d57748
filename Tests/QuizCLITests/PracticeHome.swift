import Foundation

/// A QUIZ_HOME of its own for a test: a small bank and an empty Progress/ folder.
struct PracticeHome {
    let url: URL

    var path: String { url.path }
    var progress: URL { url.appendingPathComponent("Progress") }

    /// Three cases with known answers, as an instructor would write them.
    static let bank = """
        bank: backs
        title: Back pain basics
        codeset: 2026-04-01
        cases:
          - id: coccyx-fall
            stem: >-
              A 34-year-old woman has had pain at the tip of her tailbone for six weeks after slipping on
              ice and landing on her buttocks. Sitting on hard chairs is worst. X-rays show no fracture.
              Assessment: coccygodynia.
            answer: [M53.3]
            distractors:
              - code: M54.50
                why_not: The pain is localised to the coccyx; coccygodynia is an inclusion term of the sacrococcygeal code.
              - code: M54.59
                why_not: Other low back pain is for specified low back pain that is not coccygeal.
              - code: S32.2XXA
                why_not: X-rays show no fracture of the coccyx.
            rationale: Coccygodynia is listed under Sacrococcygeal disorders, not elsewhere classified.
          - id: lbp-office
            stem: >-
              A 45-year-old office worker reports three months of lower back pain, worse after prolonged
              sitting. Exam shows lumbar tenderness without radicular signs. Assessment: chronic low back pain.
            answer: [M54.50]
            distractors:
              - code: M53.3
                why_not: Nothing points at the coccyx; the sacrococcygeal code is for coccygodynia.
              - code: M54.59
                why_not: No specific type of low back pain is documented.
              - code: M54.51
                why_not: Vertebrogenic pain needs documented endplate findings.
            rationale: Low back pain without further specification is M54.50.
          - id: lbp-strain
            stem: >-
              A 28-year-old mover felt a pull in his lower back lifting a sofa this morning. Paraspinal
              muscles are tender and in spasm. Assessment: acute lumbar muscle strain, first visit.
            answer: [S39.012A]
            distractors:
              - code: M54.50
                why_not: "Excludes1 at M54.5: low back strain (S39.012)."
              - code: S39.012D
                why_not: D is for subsequent encounters; this is the first visit.
              - code: S33.5XXA
                why_not: A sprain is of ligaments; this is a muscle strain.
            rationale: An acute strain of lower back muscle is S39.012 with A for the initial encounter.
        """

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-home-\(UUID().uuidString)")
        let banks = url.appendingPathComponent("QuestionBanks")
        try FileManager.default.createDirectory(at: banks, withIntermediateDirectories: true)
        try Data(Self.bank.utf8).write(to: banks.appendingPathComponent("backs.yaml"))
    }

    func environment(now: String) -> [String: String] {
        ["QUIZ_HOME": path, "QUIZ_NOW": now, "NO_COLOR": "1", "QUIZ_LEARNER": "ann"]
    }

    /// The review lines of ann's log (the header line left out), as JSON objects.
    func reviews() throws -> [[String: Any]] {
        let log = try String(contentsOf: progress.appendingPathComponent("ann/reviews.jsonl"), encoding: .utf8)
        return try log.split(separator: "\n").compactMap { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let record = object?["rec"] as? [String: Any]
            return record?["kind"] as? String == "review" ? record : nil
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
