import ArgumentParser
import Foundation
import ServiceStore
import Workbench

extension Dataset.Kind: ExpressibleByArgument {}
extension Dataset.Format: ExpressibleByArgument {}

/// The problems of refused input, at most `limit` of them, then how many more.
func reportProblems(_ errors: LoadErrors, limit: Int = 100) {
    let n = errors.all.count
    Output.error("casebench: nothing was written: \(n) problem\(n == 1 ? "" : "s") in the input")
    for e in errors.all.prefix(limit) { Output.error("  \(e)") }
    if n > limit { Output.error("  … and \(n - limit) more") }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load ERP master data from CSV or JSON files (admins), all of them in one transaction.",
        discussion: """
            Each file's kind comes from its name (customers.csv, warranty-templates.json) or from --kind. Every bad \
            record is reported with file, line, field and reason, and then nothing is written. A record whose key is \
            already in the database is updated, never duplicated. Layouts: README, "Importing and exporting".
            """)

    @OptionGroup var options: DatabaseOptions
    @Argument(help: "The files.") var files: [String]
    @Option(help: "The kind of every file, when their names do not say.") var kind: Dataset.Kind?
    @Flag(name: .customLong("dry-run"), help: "Check and count, write nothing.") var dryRun = false

    func run() throws {
        let session = options.session()
        do {
            let result = try session.importFiles(files, kind: kind, dryRun: dryRun, progress: ProgressDisplay())
            result.lines.forEach(Output.say)
        } catch let errors as LoadErrors {
            reportProblems(errors)
            throw ExitCode(1)
        } catch let error as LoadError {
            reportProblems(LoadErrors(all: [error]))
            throw ExitCode(1)
        } catch { fail(error) }
    }
}

extension Export {
    struct DataFiles: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "data",
            abstract: "Write all master data to a folder, one file per kind, in the layouts `import` reads (admins).")

        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The folder (made if missing; files in it are replaced).") var folder: String
        @Option var format: Dataset.Format = .csv

        func run() throws {
            let session = options.session()
            do {
                let files = try session.exportData(to: folder, format: format, progress: ProgressDisplay())
                Output.say("exported \(files.count) file\(files.count == 1 ? "" : "s") to \(folder)")
                for f in files { Output.say("  \(f.name): \(f.records) record\(f.records == 1 ? "" : "s")") }
            } catch { fail(error) }
        }
    }
}
