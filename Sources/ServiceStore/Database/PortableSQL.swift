/// SQL written once for both engines, where SQLite's shorthand is not PostgreSQL's: SQLite
/// counts a condition with `sum(condition)` and tests a 0/1 flag as `WHERE flag`, PostgreSQL
/// has booleans apart from numbers. Flags are compared (`active = 1`, `imported = 0`) in the
/// store's SQL; conditions are counted through `tally`.
enum PortableSQL {
    /// How many rows meet `condition`: `sum(condition)` in SQLite's shorthand.
    static func tally(_ condition: String) -> String { "sum(CASE WHEN \(condition) THEN 1 ELSE 0 END)" }
}
