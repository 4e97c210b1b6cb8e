import Foundation
import Reactor
import Testing

/// The files a package user pins versions and reads the license by (issue 15, item 6).
@Suite("Project files")
struct ProjectFilesTests {
    static let root = ReadmeExamplesTests.root

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test("ReactorPackage.version, which the tools print, is CHANGELOG.md's latest release")
    func versionMatchesChangelog() throws {
        let changelog = try Self.text("CHANGELOG.md")
        let release = try #require(changelog.firstMatch(of: /\n## \[(\d+\.\d+\.\d+)\] - \d{4}-\d\d-\d\d\n/))
        #expect(String(release.1) == ReactorPackage.version)
    }

    @Test("the Swift Package Index and scripts/docs document the same modules, every library product")
    func documentedModules() throws {
        let spi = try Self.text(".spi.yml").split(separator: "\n")
            .compactMap { $0.firstMatch(of: /^\s+- (\w+)$/).map { String($0.1) } }
        let script = try Self.text("scripts/docs")
        let docs = try #require(script.firstMatch(of: /modules=\(([^)]*)\)/)).1.split(separator: " ").map(String.init)
        let manifest = try Self.text("Package.swift")
        let products = manifest.matches(of: /\.library\(name: "(\w+)"/).map { String($0.1) }
        #expect(Set(spi) == Set(products))
        #expect(Set(docs) == Set(products))
    }

    @Test("LICENSE is the Apache License 2.0")
    func license() throws {
        let license = try Self.text("LICENSE")
        #expect(license.contains("Apache License\n                           Version 2.0, January 2004"))
    }
}
