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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
        .target(name: "ReactorEcho", dependencies: ["Reactor", "Sockets", "ConsoleOutput"]),
        // Its own small argument parser: swift-argument-parser loads FoundationEssentials (about 4 MiB).
        .executableTarget(name: "reactor-echo", dependencies: ["ReactorEcho", "ConsoleOutput", "ProcessLimits"]),
        // The seed's Python programs, one subcommand each.
        .executableTarget(
            name: "seed-examples",
            dependencies: ["Reactor", "IPAddress", "ConsoleOutput", "CommandLineSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .target(name: "SocketServer", dependencies: ["Reactor", "Sockets", "IPAddress", "ConsoleOutput"]),
        .executableTarget(
            name: "socketserver-examples",
            dependencies: ["SocketServer", "ConsoleOutput", "CommandLineSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .target(name: "EchoBench", dependencies: ["Reactor", "ConsoleOutput"]),
        .executableTarget(
            name: "echo-bench",
            dependencies: ["EchoBench", "CommandLineSupport", "ConsoleOutput", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // The README's complete programs (Tests/ReactorEchoTests/ReadmeExamplesTests.swift keeps them identical).
        .executableTarget(name: "example-async-echo", dependencies: ["Reactor"], path: "Examples/AsyncEcho"),
        .executableTarget(name: "example-main-thread-loop", dependencies: ["Reactor"], path: "Examples/MainThreadLoop"),
        // The README's SocketServer reactor echo as a program, for ./scripts/instructions.
        .executableTarget(name: "example-socketserver-echo", dependencies: ["SocketServer"], path: "Examples/SocketServerEcho"),

        .testTarget(name: "IPAddressTests", dependencies: ["IPAddress"], resources: [.copy("Resources")]),
        .testTarget(name: "SocketsTests", dependencies: ["Sockets", "IPAddress"]),
        .testTarget(name: "ReactorTests", dependencies: ["Reactor", "Sockets", "CLibev"]),
        // Tests that run the built executables: reactor-echo, echo-bench, seed-examples, socketserver-examples, examples.
        .testTarget(
            name: "ReactorEchoTests",
            dependencies: [
                "ReactorEcho", "CommandLineSupport", "reactor-echo", "seed-examples", "socketserver-examples", "echo-bench",
                "example-async-echo", "example-main-thread-loop",
            ]),
        .testTarget(name: "SocketServerTests", dependencies: ["SocketServer", "CommandLineSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
