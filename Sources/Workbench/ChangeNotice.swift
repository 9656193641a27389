import ServiceStore

/// Tells the screen that another workbench, `batch` or an import has committed to the
/// session's database since the last look, so it reads its rows again; its own commands it
/// re-reads after by itself. A session on an in-memory database is never told.
public final class ChangeNotice {
    private let watcher: ChangeWatcher

    init(_ watcher: ChangeWatcher) { self.watcher = watcher }

    /// True once for each batch of others' commits since the last call.
    public func othersCommitted() throws -> Bool { try watcher.hasChanged() }
}

extension Session {
    /// Starts watching for others' commits: what the screen polls between keys.
    public func watchChanges() throws -> ChangeNotice { ChangeNotice(try database.changeWatcher()) }
}
