// swift-tools-version: 6.2
import PackageDescription

/// Every target is compiled in Swift 6 language mode with warnings treated as errors.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "quiz",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "quiz", targets: ["quiz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // The thin command layer: parses arguments and wires the modules together.
        .executableTarget(
            name: "quiz",
            dependencies: [
                "CodeSet",
                "CodeSetImport",
                "QuestionBank",
                "Terminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // The official ICD-10-CM code set, loaded from the compact file the project ships.
        .target(
            name: "CodeSet",
            resources: [.copy("Resources/icd10cm.codeset")],
            swiftSettings: strict
        ),
        // Builds the compact code-set file from the CMS/NCHS tabular XML.
        .target(
            name: "CodeSetImport",
            dependencies: ["CodeSet", "CZlib", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // Question banks: the YAML format, its loader and linter, the case builder, page import.
        .target(
            name: "QuestionBank",
            dependencies: ["CodeSet", "Terminal", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // The terminal edge: safe rendering of text that came from files.
        .target(name: "Terminal", swiftSettings: strict),
        // zlib, to read the gzip-compressed tabular XML as CMS and PyPI ship it.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .testTarget(
            name: "CodeSetTests",
            dependencies: ["CodeSet", "CodeSetImport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "QuestionBankTests",
            dependencies: ["QuestionBank", "CodeSet"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal"], swiftSettings: strict),
        // Runs the built `quiz` as a user would, through its command line.
        .testTarget(name: "QuizCLITests", dependencies: ["quiz"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
