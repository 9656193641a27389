import ServiceStore

/// Tells the screen that another workbench, `batch` or an import has committed to the
/// session's database since the last look, so it reads its rows again; its own commands it
/// re-reads after by itself. A session on an in-memory database is never told.
public final class ChangeNotice {
    private let watcher: ChangeWatcher

    init(_ watcher: ChangeWatcher) { self.watcher = watcher }

    /// True once for each batch of others' commits since the last call.
    public func othersCommitted() throws -> Bool { try watcher.hasChanged() }

    /// Called after the screen's own command, before it reads again: the watcher's connection
    /// sees the session's commits move the database as it sees anyone's, and the screen would
    /// read and draw everything a second time a moment later. Others' commits until now are
    /// in the read that follows, so passing them over here loses nothing.
    public func ownCommitsRead() { _ = try? watcher.hasChanged() }
}

extension Session {
    /// Starts watching for others' commits: what the screen polls between keys.
    public func watchChanges() throws -> ChangeNotice { ChangeNotice(try database.changeWatcher()) }
}
