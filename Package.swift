// swift-tools-version:6.1
import PackageDescription

// Warnings are errors and target imports are checked in `make build` (see Makefile), so the
// module graph of ARCHITECTURE.md is enforced without unsafe flags in the manifest.
let package = Package(
    name: "fjord",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "fjord", targets: ["fjord"]),
        .executable(name: "fjord-protocol-gen", targets: ["ProtocolGen"]),
        .library(name: "KafkaModel", targets: ["KafkaModel"]),
        .library(name: "KafkaRecords", targets: ["KafkaRecords"]),
        .library(name: "KafkaProtocol", targets: ["KafkaProtocol"]),
        .library(name: "KafkaStorage", targets: ["KafkaStorage"]),
        .library(name: "KafkaCoordinator", targets: ["KafkaCoordinator"]),
        .library(name: "KafkaBroker", targets: ["KafkaBroker"]),
        .library(name: "KafkaClient", targets: ["KafkaClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    ],
    targets: [
        .target(
            name: "CKafkaShims",
            linkerSettings: [
                .linkedLibrary("snappy"), .linkedLibrary("lz4"), .linkedLibrary("zstd"), .linkedLibrary("z"),
            ]
        ),
        .target(name: "KafkaModel"),
        .target(
            name: "KafkaRecords",
            dependencies: [
                "KafkaModel", "CKafkaShims",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "KafkaProtocol",
            dependencies: [
                "KafkaModel", "KafkaRecords",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "KafkaStorage",
            dependencies: [
                "KafkaModel", "KafkaRecords",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .target(
            name: "KafkaCoordinator",
            dependencies: ["KafkaModel"]
        ),
        .target(
            name: "KafkaBroker",
            dependencies: [
                "KafkaModel", "KafkaRecords", "KafkaProtocol", "KafkaStorage", "KafkaCoordinator",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(
            name: "KafkaClient",
            dependencies: [
                "KafkaModel", "KafkaProtocol", "KafkaRecords",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // Admin command logic and Kafka-tool-compatible rendering, so the executable stays a thin shell.
        .target(name: "FjordAdmin", dependencies: ["KafkaModel", "KafkaProtocol", "KafkaClient"]),
        // `fjord bench`: load generation, measurement and reporting; the executable only parses flags.
        .target(
            name: "FjordBench",
            dependencies: [
                "KafkaModel", "KafkaRecords", "KafkaClient",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .executableTarget(
            name: "fjord",
            dependencies: [
                "KafkaBroker",
                "KafkaClient",
                "FjordAdmin",
                "FjordBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Reads schema/*.schema and writes KafkaProtocol's generated codecs (`make generate`); Foundation only.
        .executableTarget(name: "ProtocolGen"),
        .testTarget(name: "ProtocolGenTests", dependencies: ["ProtocolGen"]),
        .testTarget(name: "KafkaRecordsTests", dependencies: ["KafkaRecords", "KafkaModel", .product(name: "NIOCore", package: "swift-nio")], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "KafkaProtocolTests",
            dependencies: [
                "KafkaProtocol", "KafkaModel", "KafkaRecords",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "FjordAdminTests", dependencies: ["FjordAdmin", "KafkaModel", "KafkaProtocol"]),
        .testTarget(name: "KafkaModelTests", dependencies: ["KafkaModel"]),
        .testTarget(name: "FjordBenchTests", dependencies: ["FjordBench"]),
        .testTarget(
            name: "KafkaClientTests",
            dependencies: [
                "KafkaClient", "KafkaProtocol", "KafkaModel", "KafkaRecords",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "KafkaCoordinatorTests", dependencies: ["KafkaCoordinator", "KafkaModel"]),
        .testTarget(
            name: "KafkaBrokerTests",
            dependencies: [
                "KafkaBroker", "KafkaCoordinator", "KafkaModel", "KafkaStorage", "KafkaRecords",
                .product(name: "Prometheus", package: "swift-prometheus"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "KafkaStorageTests",
            dependencies: [
                "KafkaStorage", "KafkaModel", "KafkaRecords", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
    ]
)
