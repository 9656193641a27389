/// What `casebench --version` prints: the release and the commit it was built from.
enum Version {
    /// The release: the one place it is written, raised by hand when a release is made.
    static let number = "0.9.0"

    /// `buildCommit` is written at each build by the BuildCommit plugin; nil when the build had
    /// no git clone to ask, which is said rather than guessed.
    static let text = "casebench \(number) (commit \(buildCommit ?? "unknown"))"
}
