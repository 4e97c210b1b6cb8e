// swift-tools-version: 6.1
// libFuzzer harness for the IPAddress parsers. Its own package, so the fuzzing flags and
// this target stay out of the main package's build. Commands: README.md.
import PackageDescription

let package = Package(
    name: "IPAddressFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        // `name:` keeps this working when the clone's folder has another name (TOOLCHAIN.md).
        .package(name: "Reactor", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "IPAddressFuzz",
            dependencies: [.product(name: "IPAddress", package: "Reactor")]
        )
    ],
    swiftLanguageModes: [.v6]
)
