/// This package as a whole.
public enum ReactorPackage {
    /// The package's version, as its git tags and `CHANGELOG.md` name it (semantic versioning;
    /// while the major version is 0, a minor version may change the API). The command-line tools
    /// print it for `--version`.
    public static let version = "0.1.0"
}
