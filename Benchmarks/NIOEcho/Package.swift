// swift-tools-version: 6.1
// The SwiftNIO peer of ./scripts/compare: an echo server on NIOPosix, in a package of its own so that
// swift-nio stays out of the main package (and out of Benchmarks/, whose build CI runs).
//
//   swift build -c release --package-path Benchmarks/NIOEcho      # a few minutes the first time
//   Benchmarks/NIOEcho/.build/release/nio-echo --port 0 --udp 0
import PackageDescription

let package = Package(
    name: "NIOEcho",
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
    ],
    targets: [
        .executableTarget(
            name: "nio-echo",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/NIOEcho"
        ),
    ],
    swiftLanguageModes: [.v6]
)
