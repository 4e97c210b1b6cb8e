// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Reactor",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Reactor", targets: ["Reactor"]),
        .library(name: "Sockets", targets: ["Sockets"]),
        .library(name: "IPAddress", targets: ["IPAddress"]),
        .library(name: "ReactorEcho", targets: ["ReactorEcho"]),
        .library(name: "EchoBench", targets: ["EchoBench"]),
        .executable(name: "reactor-echo", targets: ["reactor-echo"]),
        .executable(name: "seed-examples", targets: ["seed-examples"]),
        .library(name: "SocketServer", targets: ["SocketServer"]),
        .executable(name: "socketserver-examples", targets: ["socketserver-examples"]),
        .executable(name: "echo-bench", targets: ["echo-bench"]),
        .library(name: "ReactorObservability", targets: ["ReactorObservability"]),
        .library(name: "ReactorServiceLifecycle", targets: ["ReactorServiceLifecycle"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // `swift package generate-documentation` (scripts/docs, run by CI with warnings as errors).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The only C: libev's macros as functions. Debian's libev-dev ships no pkg-config file.
        .target(name: "CLibev", linkerSettings: [.linkedLibrary("ev"), .linkedLibrary("dispatch")]),
        .target(name: "IPAddress"),
        .target(name: "Sockets", dependencies: ["IPAddress"]),
        .target(name: "Reactor", dependencies: ["CLibev", "Sockets"]),
        // Unbuffered line output for the executables (and the echo server's log lines).
        .target(name: "ConsoleOutput"),
        // The descriptor limit, raised by the executables; apart so that reactor-echo needs no argument parser.
        .target(name: "ProcessLimits"),
        // What the executables share: parsing with one-line usage errors (status 64), the descriptor limit,
        // failures worded as Python's tracebacks end.
        .target(
            name: "CommandLineSupport",
            dependencies: [
                "Reactor", "IPAddress", "ConsoleOutput", "ProcessLimits",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // swift-log and swift-metrics for the servers: a log handler on BackgroundLog, rate-limited
        // reports, counters published by a loop timer (the core modules stay dependency-free).
        .target(
            name: "ReactorObservability",
            dependencies: [
                "Reactor", "ConsoleOutput", .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]),
        .target(
            name: "ReactorEcho",
            dependencies: ["Reactor", "Sockets", "ConsoleOutput", "ReactorObservability", .product(name: "Logging", package: "swift-log")]),
        // Its own small argument parser: swift-argument-parser loads FoundationEssentials (about 4 MiB);
        // swift-log and swift-metrics do not.
        .executableTarget(
            name: "reactor-echo",
            dependencies: ["ReactorEcho", "ConsoleOutput", "ProcessLimits", .product(name: "Logging", package: "swift-log")]),
        // The seed's Python programs, one subcommand each.
        .executableTarget(
            name: "seed-examples",
            dependencies: ["Reactor", "IPAddress", "ConsoleOutput", "CommandLineSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .target(
            name: "SocketServer",
            dependencies: ["Reactor", "Sockets", "IPAddress", "ConsoleOutput", "ReactorObservability", .product(name: "Logging", package: "swift-log")]),
        // SocketServer's servers and the echo server as swift-service-lifecycle services.
        .target(
            name: "ReactorServiceLifecycle",
            dependencies: [
                "SocketServer", "ReactorEcho", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "socketserver-examples",
            dependencies: ["SocketServer", "ConsoleOutput", "CommandLineSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .target(name: "EchoBench", dependencies: ["Reactor", "ConsoleOutput", "ReactorObservability", .product(name: "Logging", package: "swift-log")]),
        .executableTarget(
            name: "echo-bench",
            dependencies: ["EchoBench", "CommandLineSupport", "ConsoleOutput", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // The README's complete programs (Tests/ReactorEchoTests/ReadmeExamplesTests.swift keeps them identical).
        .executableTarget(name: "example-async-echo", dependencies: ["Reactor"], path: "Examples/AsyncEcho"),
        .executableTarget(name: "example-main-thread-loop", dependencies: ["Reactor"], path: "Examples/MainThreadLoop"),
        // The README's SocketServer reactor echo as a program, for ./scripts/instructions.
        .executableTarget(name: "example-socketserver-echo", dependencies: ["SocketServer"], path: "Examples/SocketServerEcho"),
        .executableTarget(
            name: "example-service-group",
            dependencies: [
                "ReactorServiceLifecycle", "SocketServer", "ReactorEcho", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/ServiceGroup"),

        .testTarget(name: "IPAddressTests", dependencies: ["IPAddress"], resources: [.copy("Resources")]),
        .testTarget(name: "SocketsTests", dependencies: ["Sockets", "IPAddress"]),
        .testTarget(name: "ReactorTests", dependencies: ["Reactor", "Sockets", "CLibev"]),
        // Tests that run the built executables: reactor-echo, echo-bench, seed-examples, socketserver-examples, examples.
        .testTarget(
            name: "ReactorEchoTests",
            dependencies: [
                "ReactorEcho", "CommandLineSupport", "reactor-echo", "seed-examples", "socketserver-examples", "echo-bench",
                "example-async-echo", "example-main-thread-loop", "example-service-group",
                "ReactorObservability", .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "SocketServerTests",
            dependencies: [
                "SocketServer", "CommandLineSupport", "ReactorServiceLifecycle", "ReactorObservability",
                .product(name: "MetricsTestKit", package: "swift-metrics"), .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
