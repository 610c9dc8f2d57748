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
    ],
    targets: [
        // The thin command layer: parses arguments and wires the modules together.
        .executableTarget(
            name: "quiz",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
