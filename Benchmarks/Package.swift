// swift-tools-version: 6.1
// The benchmarks live in their own package, as SwiftNIO's do, so that package-benchmark and its
// dependencies stay out of the main package (whose `swift build` stays a few seconds).
//
//   cd Benchmarks
//   swift package benchmark                                  # run everything
//   swift package benchmark baseline check --check-absolute  # fail on an allocation regression
// (README, "Performance", has the details.)
import PackageDescription

let package = Package(
    name: "ReactorBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(name: "Reactor", path: ".."),
        // Measured beside: its event loops as a SerialExecutor.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "ReactorBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "Reactor", package: "Reactor"),
                .product(name: "ReactorEcho", package: "Reactor"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Benchmarks/ReactorBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // The instructions of one executor job, under callgrind (scripts/executor-cost).
        .executableTarget(
            name: "executor-cost",
            dependencies: [
                .product(name: "Reactor", package: "Reactor"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/executor-cost"
        ),
    ],
    swiftLanguageModes: [.v6]
)
