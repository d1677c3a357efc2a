// swift-tools-version:6.1
import Foundation
import PackageDescription

// libFuzzer targets for Fjord's decoders, kept out of the root package: a fuzzer build links libFuzzer's own
// `main`, which would clash with the `fjord` executable and the test runners. See docs/reliability.md
// ("Coverage-guided fuzzing (libFuzzer)") for how to build, run and add a reproducer; `make fuzz` and
// `make fuzz-smoke` in the root Makefile do both.
//
// A path dependency's identity is the name of its directory (`fjord` in a plain clone, something else in
// a worktree), so the products below name it as found rather than hard-coding it.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let fjord = root.lastPathComponent

let package = Package(
    name: "FjordFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "KafkaProtocol", package: fjord),
                .product(name: "KafkaRecords", package: fjord),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "FuzzFrames",
            dependencies: [
                "FuzzSupport",
                .product(name: "KafkaProtocol", package: fjord),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "FuzzRequests",
            dependencies: [
                "FuzzSupport",
                .product(name: "KafkaProtocol", package: fjord),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "FuzzLegacy",
            dependencies: [
                "FuzzSupport",
                .product(name: "KafkaRecords", package: fjord),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "FuzzBatch",
            dependencies: [
                "FuzzSupport",
                .product(name: "KafkaRecords", package: fjord),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)
