import CLibPQ
import Foundation

extension PostgresConnection {
    /// Runs `sql`, a `COPY … FROM STDIN` in text format, with the lines `produce` sends through
    /// the closure it is given, each one row as `CopyText.line` writes it. A row the server
    /// refuses stops the copy with the server's error, which names the line.
    public func copyIn(_ sql: String, _ produce: ((String) throws -> Void) throws -> Void) throws {
        try startCopy(sql)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.copyChunk + 4096)
        do {
            try produce { line in
                buffer += line.utf8
                buffer.append(UInt8(ascii: "\n"))
                if buffer.count >= Self.copyChunk {
                    try self.putCopyData(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            if !buffer.isEmpty { try putCopyData(buffer) }
            try endCopy(failure: nil)
        } catch {
            // The server gives the COPY up, and the transaction with it; the first error is told
            _ = try? endCopy(failure: "\(error)")
            throw error
        }
    }

    /// Calls `each` with every row `sql` returns, fetched through a cursor a few thousand at a
    /// time, so a table of millions is never held in memory. Inside a transaction.
    public func forEachRow(_ sql: String, batch: Int = 5_000, _ each: ([String?]) throws -> Void) throws {
        let cursor = "casebench_rows"
        try execute("DECLARE \(cursor) NO SCROLL CURSOR FOR \(sql)")
        defer { _ = try? execute("CLOSE \(cursor)") }
        while true {
            let rows = try execute("FETCH \(batch) FROM \(cursor)")
            for row in rows.values { try each(row) }
            if rows.count < batch { return }
        }
    }

    private static let copyChunk = 256 * 1024
}
