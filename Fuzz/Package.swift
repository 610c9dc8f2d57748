// swift-tools-version: 6.2
import PackageDescription

/// libFuzzer targets for quiz's readers of outside files. Built only by `Fuzz/run`, with
/// `-sanitize=fuzzer,address`; the main package and its tests never build them.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let targets = ["bank", "page", "gift", "csv", "progress", "typed"]

let package = Package(
    name: "quiz-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "quiz", path: "..")],
    targets: [
        // The libFuzzer driver and the checks every target shares.
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "QuizParsers", package: "quiz")],
            swiftSettings: strict
        ),
    ] + targets.map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: ["FuzzSupport", .product(name: "QuizParsers", package: "quiz")],
            swiftSettings: strict
        )
    },
    swiftLanguageModes: [.v6]
)
