// swift-tools-version:6.1
import PackageDescription

// A package of its own so that the benchmark dependency (and its release build) never touches the main
// build. Run with `swift package benchmark` from this directory.
let package = Package(
    name: "FjordBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "RecordsBenchmarks",
            dependencies: [
                // By product name: the root package's identity is its directory name, which differs per checkout.
                "KafkaRecords",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/RecordsBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
