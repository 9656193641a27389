import Foundation
import ServiceCore
import ServiceStore

/// What an import did, or with `--dry-run` would do, kind by kind.
public struct ImportReport: Sendable {
    public var files: [String]
    public var tallies: [(Dataset.Kind, ImportTally)]
    public var dryRun: Bool

    public var lines: [String] {
        let verb = dryRun ? "would import" : "imported"
        var out = [
            "\(verb) \(files.count) file\(files.count == 1 ? "" : "s") in one transaction"
                + (dryRun ? "; nothing was written (--dry-run)" : "")
        ]
        for (kind, t) in tallies {
            out.append("  \(kind.rawValue): \(t.added) new, \(t.updated) updated, \(t.unchanged) unchanged")
        }
        return out
    }
}

/// A dry run ends its transaction by throwing this, so nothing it wrote stays.
private struct DryRunEnded: Error { var tallies: [(Dataset.Kind, ImportTally)] }

extension Session {
    /// Imports ERP files — each of the kind its name says, or `kind` — in one transaction:
    /// every bad record of every file is reported (file, line, field, reason) and nothing is
    /// written; a record whose key exists is updated. With `dryRun` the same checks and counts,
    /// then the transaction is rolled back.
    public func importFiles(
        _ paths: [String], kind: Dataset.Kind? = nil, dryRun: Bool = false,
        progress: ProgressSink? = nil
    ) throws -> ImportReport {
        let names = paths.map { ($0 as NSString).lastPathComponent }
        let text = (["import"] + names + (dryRun ? ["--dry-run"] : [])).joined(separator: " ")
        try authorizeRecorded(.importExport, command: text)
        var dataset = Dataset()
        progress?.begin("reading", total: paths.count)
        for (i, path) in paths.enumerated() {
            guard let k = kind ?? Dataset.kind(ofFile: path) else {
                throw LoadError(file: names[i], message: "which kind of records? \(Dataset.namingRule); or give --kind")
            }
            try dataset.read(path, as: k)
            progress?.advance(to: i + 1)
        }
        progress?.end()
        let account = user.account
        try read { try dataset.checkAll($0, importer: account) }
        // Files that hold no record are a mistake (an empty export, the wrong folder): an import
        // that would import nothing says so and fails, rather than reporting success.
        guard dataset.recordCount > 0 else {
            throw LoadError(
                file: names.joined(separator: ", "),
                message: "no records to import: \(names.count == 1 ? "the file holds" : "the files hold") none")
        }
        let record = CommandRecord(actor: actor, at: now, text: text, label: "import", undoable: false)
        do {
            let tallies = try database.perform(record) { tx in
                let tallies = try dataset.write(into: tx, by: account, at: record.at, progress: progress)
                if dryRun { throw DryRunEnded(tallies: tallies) }
                return tallies
            }
            return ImportReport(files: names, tallies: tallies, dryRun: false)
        } catch let end as DryRunEnded {
            return ImportReport(files: names, tallies: end.tallies, dryRun: true)
        }
    }

    /// Writes all master data to `directory`, one file per kind in `format`, in the layouts
    /// `importFiles` reads: what it writes imports back to the same records.
    public func exportData(to directory: String, format: Dataset.Format, progress: ProgressSink? = nil) throws -> [(
        name: String, records: Int
    )] {
        try authorizeRecorded(.importExport, command: "export data \(directory) --format \(format.rawValue)")
        let dataset = try read { try $0.exportDataset() }
        let counts = Dictionary(
            uniqueKeysWithValues: dataset.counts.map { ($0.0.rawValue + "." + format.rawValue, $0.1) })
        // Every kind is written, an empty one too, so nothing stale stays in a folder used before.
        let files = try dataset.files(format)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        progress?.begin("writing files", total: files.count)
        for (i, f) in files.enumerated() {
            try database.fileSharing.writeDurably(f.data, to: (directory as NSString).appendingPathComponent(f.name))
            progress?.advance(to: i + 1)
        }
        progress?.end()
        return files.map { ($0.name, counts[$0.name] ?? 0) }
    }

    /// Refuses, as a security event, when the user may not do this: for work done outside
    /// the command catalogue, which `run` would otherwise record.
    func authorizeRecorded(_ permission: Permission, command: String) throws {
        do { try authorize(permission) } catch let e as PermissionError {
            try database.recordSecurityEvent(actor: actor, at: now, command: command, caseID: nil, message: e.message)
            throw IdentityError(message: e.message)
        }
    }
}
