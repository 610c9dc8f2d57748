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
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // The thin command layer: parses arguments and wires the modules together.
        .executableTarget(
            name: "quiz",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "Scheduler",
            ],
            swiftSettings: strict
        ),
        // FSRS-6, pure: card state, rating and time in; new card state out.
        .target(
            name: "Scheduler",
            swiftSettings: strict
        ),
        // One learner's progress on disk: card states, the review log, settings, the lock.
        .target(
            name: "ProgressStore",
            dependencies: ["Scheduler"],
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
        .testTarget(
            name: "ProgressStoreTests",
            dependencies: ["ProgressStore", "Scheduler", "progress-crash-writer"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
