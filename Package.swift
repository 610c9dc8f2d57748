// swift-tools-version: 6.2
import PackageDescription

/// Every target is compiled in Swift 6 language mode with warnings treated as errors.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "quiz",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "quiz", targets: ["quiz"]),
        // The readers of files from outside, for the fuzz targets in Fuzz/ (a package of its own).
        .library(name: "QuizParsers", targets: ["CodeSet", "QuestionBank", "BankFormats", "ProgressStore", "Practice"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // The thin command layer: parses arguments and wires the modules together.
        .executableTarget(
            name: "quiz",
            dependencies: [
                "CodeSet",
                "CodeSetImport",
                "QuestionBank",
                "BankFormats",
                "Terminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "Scheduler",
                "ProgressStore",
                "Practice",
                "Drills",
                "Reports",
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
        // Instructor formats: banks to and from GIFT (Moodle), Anki text import and CSV.
        .target(
            name: "BankFormats",
            dependencies: ["QuestionBank", "CodeSet", "Terminal", .product(name: "CSV", package: "CSV.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BankFormatsTests",
            dependencies: ["BankFormats", "QuestionBank", "CodeSet", "CodeSetImport"],
            swiftSettings: strict
        ),
        // The terminal edge: safe rendering of text that came from files.
        .target(name: "Terminal", dependencies: ["CReadline"], swiftSettings: strict),
        // One practice session: which cases come up, grading, rating, feedback. No terminal.
        .target(name: "Practice", dependencies: ["CodeSet", "Scheduler"], swiftSettings: strict),
        .testTarget(name: "PracticeTests", dependencies: ["Practice", "CodeSet", "Scheduler"], swiftSettings: strict),
        // Practice items generated from the tabular list itself. Pure: the code set in, items out.
        .target(name: "Drills", dependencies: ["CodeSet", "Practice"], swiftSettings: strict),
        .testTarget(name: "DrillsTests", dependencies: ["Drills", "Practice", "CodeSet"], swiftSettings: strict),
        // GNU readline (Debian's libreadline-dev), with setters for its global hooks.
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
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
        .testTarget(name: "QuizCLITests", dependencies: ["quiz", "CodeSetImport", "Scheduler"], swiftSettings: strict),
        // FSRS-6, pure: card state, rating and time in; new card state out.
        .target(
            name: "Scheduler",
            swiftSettings: strict
        ),
        // One learner's progress on disk: card states, the review log, settings, the lock.
        .target(
            name: "ProgressStore",
            dependencies: ["Scheduler", "CZlib"],
            swiftSettings: strict
        ),
        // Records answers durably and acknowledges each one on stdout; the crash test kills it.
        .executableTarget(
            name: "progress-crash-writer",
            dependencies: ["ProgressStore", "Scheduler"],
            swiftSettings: strict
        ),
        // Times durable recording and loading with a long history (Benchmarks/scheduler/run).
        .executableTarget(
            name: "ProgressBench",
            dependencies: ["ProgressStore", "Scheduler"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SchedulerTests",
            dependencies: [
                "Scheduler",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        // `quiz stats`: learner reports and item analysis from review logs, with their charts.
        .target(
            name: "Reports",
            dependencies: ["CodeSet", "Practice", "ProgressStore", "Scheduler", "Terminal"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", "ProgressStore", "Scheduler", "CodeSet"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ProgressStoreTests",
            dependencies: ["ProgressStore", "Scheduler", "progress-crash-writer"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
