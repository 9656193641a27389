internal import GRDB

extension StoreTransaction {
    /// The rows `sql` reads, each made into a value as SQLite steps to it.
    ///
    /// GRDB's `Row.fetchAll` copies every row first, and a copied row finds a column by name by
    /// lowercasing each of its columns' names at every lookup: reading a case's few hundred
    /// reservations that way, as every command on the case does to recompute its closure state,
    /// took a sixth of a command's time, inside the write lock (perf, 2026-12-03). A row read
    /// in place finds its columns in the statement's own index. `transform` must not keep the
    /// row, which holds only until the next step, nor read through this transaction meanwhile.
    func values<T>(_ sql: String, _ arguments: SQLArguments, _ transform: (Row) throws -> T) throws -> [T] {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        var values: [T] = []
        while let row = try rows.next() { values.append(try transform(row)) }
        return values
    }
}
