// swift-tools-version:6.1
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its directory, and the checkout's directory name varies
// (main, a worktree, a CI clone), so the root package's identity is read from the path rather than spelled.
let fjord = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent
    .lowercased()

// A package of its own so that the benchmark dependency (and its release build) never touches the main
// build. Run with `swift package benchmark` from this directory; `swift package benchmark thresholds check`
// compares against Thresholds/, which pins only malloc counts (wall-clock figures on a shared 2-core
// machine are too noisy to gate on).
let package = Package(
    name: "FjordBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
    ],
    targets: [
        .executableTarget(
            name: "RecordsBenchmarks",
            dependencies: [
                .product(name: "KafkaRecords", package: fjord),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/RecordsBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "LegacyBenchmarks",
            dependencies: [
                .product(name: "KafkaRecords", package: fjord),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/LegacyBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ProtocolBenchmarks",
            dependencies: [
                .product(name: "KafkaProtocol", package: fjord),
                .product(name: "KafkaRecords", package: fjord),
                .product(name: "KafkaModel", package: fjord),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/ProtocolBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "StorageBenchmarks",
            dependencies: [
                .product(name: "KafkaStorage", package: fjord),
                .product(name: "KafkaRecords", package: fjord),
                .product(name: "KafkaModel", package: fjord),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Benchmarks/StorageBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "CoordinatorBenchmarks",
            dependencies: [
                .product(name: "KafkaCoordinator", package: fjord),
                .product(name: "KafkaModel", package: fjord),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/CoordinatorBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
