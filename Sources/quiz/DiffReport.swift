import CodeSet
import Terminal

/// `quiz codeset diff` as text: what an instructor reads before updating banks.
struct DiffReport {
    let diff: CodeSetDiff

    var text: String {
        var lines = ["ICD-10-CM \(diff.oldRelease) → \(diff.newRelease)"]
        if diff.isEmpty {
            lines.append("No billable code was added, deleted or retitled.")
            return lines.joined(separator: "\n")
        }
        lines.append("")
        lines.append("Added (\(diff.added.count)):")
        lines += diff.added.map { "  \($0.code)  \(SafeText.sanitized($0.title))" }
        lines.append("")
        lines.append("No longer billable (\(diff.replaced.count)):")
        for replaced in diff.replaced {
            let instead = replaced.replacements.map(\.code).joined(separator: ", ")
            let change = switch replaced.change {
            case .becameHeader: "now a header: use \(instead)"
            case .deleted: instead.isEmpty ? "deleted" : "deleted; nearest codes: \(instead)"
            }
            lines.append("  \(replaced.code)  \(SafeText.sanitized(replaced.oldTitle)) — \(change)")
        }
        lines.append("")
        lines.append("Retitled (\(diff.retitled.count)):")
        for retitled in diff.retitled {
            lines.append("  \(retitled.code)  \(SafeText.sanitized(retitled.oldTitle))")
            lines.append("  " + String(repeating: " ", count: retitled.code.count) + "→ \(SafeText.sanitized(retitled.newTitle))")
        }
        return lines.joined(separator: "\n")
    }
}

/// `quiz codeset diff --json`.
struct DiffJSON: Encodable {
    struct Code: Encodable {
        var code: String
        var title: String
    }

    struct Replaced: Encodable {
        var code: String
        var oldTitle: String
        var change: CodeSetDiff.Change
        var replacements: [Code]
    }

    var oldRelease: String
    var newRelease: String
    var added: [Code]
    var replaced: [Replaced]
    var retitled: [[String: String]]

    init(_ diff: CodeSetDiff) {
        oldRelease = diff.oldRelease
        newRelease = diff.newRelease
        added = diff.added.map { Code(code: $0.code, title: $0.title) }
        replaced = diff.replaced.map {
            Replaced(code: $0.code, oldTitle: $0.oldTitle, change: $0.change,
                     replacements: $0.replacements.map { Code(code: $0.code, title: $0.title) })
        }
        retitled = diff.retitled.map { ["code": $0.code, "oldTitle": $0.oldTitle, "newTitle": $0.newTitle] }
    }
}
