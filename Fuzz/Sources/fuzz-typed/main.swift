import CodeSet
import Foundation
import FuzzSupport
import Practice

// Typed-answer grading on any line a learner could type, against answers of every shape
// (a 7th character with X placeholders, several codes in reporting order).
let codeSet = try CodeSet.shipped()
let grader = TypedAnswerGrader(codeSet: codeSet)
let answers: [[String]] = [
    ["M54.50"], ["M53.3"], ["S39.012A"], ["T07.XXXA"], ["S06.1X7A"], ["E11.65", "Z79.4"],
    ["J44.0", "J20.9"], ["M80.051A"], ["O09.521"], ["Z00.00"],
]
for code in answers.joined() where codeSet.entry(code)?.isBillable != true {
    fatalError("\(code) is not a billable code of the shipped code set")
}

fuzz { bytes in
    guard let first = bytes.first else { return }
    let expected = answers[Int(first) % answers.count]
    let typed = String(decoding: bytes.dropFirst(), as: UTF8.self)
    _ = TypedAnswerGrader.codes(in: typed)
    let grade = grader.grade(typed, expected: expected)
    if grade.isCorrect {
        require(grade.given == expected, "\(typed.debugDescription) graded right for \(expected) as \(grade.given)")
    } else {
        require(!grade.findings.isEmpty, "\(typed.debugDescription) graded wrong for \(expected) with no finding")
    }
    require(grader.grade(expected.joined(separator: " "), expected: expected).isCorrect, "the answer itself graded wrong")
}
