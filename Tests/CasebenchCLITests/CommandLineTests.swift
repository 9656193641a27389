import Foundation
import ServiceCore
import ServiceStore
import Testing

/// The `casebench` program as a user runs it: exit statuses, messages, JSON lines.
/// Serialized: each test starts processes, and the machine has two cores.
extension ProcessTests {
    @Suite("casebench, the program")
    struct CommandLineTests {
        @Test("demo creates the training database from the dataset, then runs commands from standard input")
        func demo() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let run = try cb.run(["demo"], input: "whoami\nqueue\n")
            #expect(run.status == 0)
            let db = cb.path(".local/share/casebench/training.sqlite")
            #expect(run.lines.first == "created the training database \(db)")
            #expect(run.stdout.contains("setup.cb: 43 commands"))
            #expect(run.stdout.contains("on the training database \(db); business date 2026-06-15"))
            #expect(run.stdout.contains("ok: open: 5 cases"))
            // Run again: the database is reused, not loaded twice
            let again = try cb.run(["demo"], input: "queue\n")
            #expect(again.lines.first == "ok: open: 5 cases")
        }

        @Test("batch --json prints one JSON object per command and exits 1 when one failed")
        func batchJSON() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("t.sqlite")
            #expect(try cb.run(["demo", "--db", db], input: "").status == 0)
            let script = """
                # a comment, then commands
                open C-ACME SN-WARRANTY-OK Pump hums priority=2
                labour @ 30
                close @
                """
            let run = try cb.run(["batch", "--json", "--db", db, "--as", "agnes"], input: script)
            #expect(run.status == 1)
            let objects = try run.lines.map {
                try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            #expect(objects.count == 3)
            #expect(objects[0]["ok"] as? Bool == true)
            #expect(objects[0]["line"] as? Int == 2)
            #expect((objects[0]["ids"] as? [String: Int])?["case"] == 8)
            #expect(objects[1]["ok"] as? Bool == false)
            #expect(objects[1]["error"] as? String == "refused")
            #expect(
                objects[1]["message"] as? String
                    == "agnes is an agent and may not record parts, labour, travel and expenses (allowed: technician)")
            #expect(objects[2]["error"] as? String == "invalid")
            #expect((objects[2]["message"] as? String)?.hasPrefix("close case 8 refused: 3 of 7 checks fail") == true)
            #expect((objects[2]["details"] as? [String])?.count == 3)
        }

        @Test("batch reads a script file and exits 0 when every command succeeded")
        func batchFile() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("t.sqlite")
            #expect(try cb.run(["demo", "--db", db]).status == 0)
            try "whoami\nhelp verify\n".write(toFile: cb.path("s.cb"), atomically: true, encoding: .utf8)
            let run = try cb.run(["batch", "--db", db, "--as", "sam", cb.path("s.cb")])
            #expect(run.status == 0)
            // Whoever runs the tests is the trainer who made the database, acting as sam
            #expect(run.lines.first?.hasPrefix("ok: ") == true)
            #expect(run.lines.first?.contains(" acting as sam (supervisor) on the training database \(db)") == true)
            #expect(run.stdout.contains("verify: Verify a case's entitlement again"))
        }

        @Test("A command on a missing database fails clearly, naming it, with exit status 2")
        func missingDatabase() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let run = try cb.run(["batch"], input: "whoami\n")
            #expect(run.status == 2)
            #expect(
                run.stderr
                    == "casebench: no database at \(cb.path(".local/share/casebench/casebench.sqlite")): create a production one with `casebench init`, or a training one with `casebench demo`\n"
            )
            #expect(!FileManager.default.fileExists(atPath: cb.path(".local/share/casebench/casebench.sqlite")))
            // CASEBENCH_DB is honoured the same way
            let env = try cb.run(["batch"], input: "", environment: ["CASEBENCH_DB": cb.path("elsewhere.sqlite")])
            #expect(env.stderr.contains("no database at \(cb.path("elsewhere.sqlite"))"))
        }

        @Test("init makes a production database whose creator is admin; --as there is refused and recorded")
        func productionRefusesActingAs() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("prod.sqlite")
            let created = try cb.run(["init", "--db", db])
            #expect(created.status == 0)
            #expect(created.stdout.hasSuffix("is its first admin; only you can open it (--group shares it)\n"))
            let whoami = try cb.run(["batch", "--db", db], input: "whoami\n")
            #expect(whoami.stdout.contains("(admin) on the production database \(db)"))
            #expect(try cb.run(["batch", "--db", db], input: "user add agnes agent\n").status == 0)
            // When the admin tries to act as agnes on production
            let refused = try cb.run(["batch", "--db", db, "--as", "agnes"], input: "whoami\n")
            // Then the session does not start, and the refusal is a security event
            #expect(refused.status == 2)
            #expect(
                refused.stderr
                    == "casebench: --as is honoured on training databases only; \(db) is a production database\n")
            let events = try AppDatabase.open(at: db).read { try $0.auditEntries(kind: "security") }
            #expect(events.map(\.actingAs) == ["agnes"])
            // which the admin reads with the program itself, though it belongs to no case
            let shown = try cb.run(["audit", "show", "--security", "--db", db])
            #expect(shown.status == 0)
            #expect(shown.lines.first == "ok: 1 security event")
            #expect(
                shown.lines.dropFirst().first?.contains("(as agnes) REFUSED: start session --as agnes — --as is")
                    == true)
            let later = try cb.run(["audit", "show", "--security", "--since", "2999-01-01", "--db", db])
            #expect(later.lines == ["ok: 0 security events since 2999-01-01"])
            #expect(try cb.run(["audit", "show", "--db", db]).stderr.contains("give --case ID, or --security"))
            // And init never overwrites
            let again = try cb.run(["init", "--db", db])
            #expect(again.status == 2)
            #expect(again.stderr == "casebench: \(db) already exists; it was left as it is\n")
        }

        @Test("A database named without a folder is made, filled, backed up and read in the shell's folder")
        func bareFileNames() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            // `run` starts the program in cb.home, as a user types `casebench init --db desk.sqlite` there.
            let created = try cb.run(["init", "--db", "desk.sqlite"])
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.hasPrefix("created the production database desk.sqlite;"))
            for file in ["desk.sqlite", "desk.sqlite.audit-key"] {
                #expect(FileManager.default.fileExists(atPath: cb.path(file)), "\(file)")
            }
            let generated = try cb.run(["generate", "--cases", "30", "--seed", "1", "--db", "practice.sqlite"])
            #expect(generated.status == 0, "\(generated.stderr)")
            #expect(generated.stdout.hasPrefix("generated 30 cases"))
            let queue = try cb.run(["batch", "--db", "practice.sqlite"], input: "queue\n")
            #expect(queue.lines.first?.hasPrefix("ok: open: ") == true, "\(queue.stderr)")
            let backedUp = try cb.run(["backup", "copy.sqlite", "--db", "desk.sqlite"])
            #expect(backedUp.stdout.hasPrefix("ok: backed up to \(cb.path("copy.sqlite")) "), "\(backedUp.stderr)")
            let whoami = try cb.run(["batch", "--db", "copy.sqlite"], input: "whoami\n")
            #expect(whoami.stdout.contains("(admin) on the production database copy.sqlite"), "\(whoami.stderr)")
        }

        @Test("An admin manages users, backs up and restores from the shell")
        func usersBackupRestore() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("prod.sqlite")
            let backup = cb.path("monday.sqlite")
            #expect(try cb.run(["init", "--db", db]).status == 0)
            #expect(
                try cb.run(["users", "add", "agnes", "agent", "--name", "Agnes Abbott", "--db", db]).stdout
                    == "ok: agnes added as agent\n")
            #expect(try cb.run(["users", "add", "tom", "technician", "--rate", "60.00", "--db", db]).status == 0)
            let wizard = try cb.run(["users", "add", "x", "wizard", "--db", db])
            #expect(wizard.status == 64)
            #expect(
                wizard.stderr.contains(
                    "Please provide one of 'agent', 'technician', 'supervisor', 'admin' or 'trainer'"))
            #expect(
                try cb.run(["users", "set-role", "agnes", "supervisor", "--db", db]).stdout
                    == "ok: agnes: agent → supervisor\n")
            let backedUp = try cb.run(["backup", backup, "--db", db])
            #expect(backedUp.status == 0)
            #expect(backedUp.lines.first?.hasPrefix("ok: backed up to \(backup) (") == true)
            #expect(try cb.run(["users", "disable", "tom", "--db", db]).stdout == "ok: tom disabled\n")
            let list = try cb.run(["users", "list", "--db", db]).lines
            #expect(list.first == "ok: 3 users")
            #expect(list.contains { $0.contains("tom  technician  tom  rate 60.00/h  (disabled)") })

            // Restore: refused without --replace, then the Monday state is back and the trail holds
            let refused = try cb.run(["restore", backup, "--db", db])
            #expect(refused.status == 2)
            #expect(
                refused.stderr
                    == "casebench: \(db) exists: --replace puts the backup in its place (the database as it is now is kept beside it)\n"
            )
            let restored = try cb.run(["restore", backup, "--replace", "--db", db])
            #expect(restored.status == 0)
            #expect(restored.lines.count == 2)
            #expect(restored.lines.last?.hasPrefix("the database it replaced is kept in \(db).before-restore-") == true)
            #expect(!(try cb.run(["users", "list", "--db", db]).stdout.contains("(disabled)")))
            #expect(try cb.run(["audit", "verify", "--db", db]).status == 0)
            for file in [db, backup, db + ".audit-head", db + ".audit-key"] {
                #expect(
                    try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600,
                    "\(file)")
            }
        }

        @Test(
            "import and export data from the shell: files out of the training database into a new production one, and a refused file named line by line"
        )
        func importExport() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let training = cb.path("t.sqlite")
            let prod = cb.path("prod.sqlite")
            let out = cb.path("erp")
            #expect(try cb.run(["demo", "--db", training], input: "").status == 0)
            let exported = try cb.run(["export", "data", out, "--db", training, "--as", "ada"])
            #expect(exported.status == 0)
            #expect(exported.lines.first == "exported 13 files to \(out)")
            #expect(exported.lines.contains("  customers.csv: 8 records"))
            #expect(exported.lines.contains("  resolution-codes.csv: 5 records"))

            // The production database's admin imports them all, the users but the trainer (this OS account)
            #expect(try cb.run(["init", "--db", prod]).status == 0)
            let users = try String(contentsOfFile: "\(out)/users.csv", encoding: .utf8)
            try users.split(separator: "\n").filter { !$0.contains(",trainer,") }.map { $0 + "\n" }.joined()
                .write(toFile: "\(out)/users.csv", atomically: true, encoding: .utf8)
            let files = [
                "users", "customers", "warranty-templates", "items", "assets", "warranty-spend", "contracts", "rules",
                "bins", "stock", "resolution-codes",
            ]
            .map { "\(out)/\($0).csv" }
            let dry = try cb.run(["import", "--dry-run", "--db", prod] + files)
            #expect(dry.status == 0)
            #expect(dry.lines.first == "would import 11 files in one transaction; nothing was written (--dry-run)")
            #expect(dry.stderr == "", "no progress lines for a short run that is not on a terminal")
            let imported = try cb.run(["import", "--db", prod] + files)
            #expect(imported.lines.first == "imported 11 files in one transaction")
            #expect(imported.lines.contains("  resolution-codes: 5 new, 0 updated, 0 unchanged"))
            #expect(imported.lines.contains("  assets: 18 new, 0 updated, 0 unchanged"))
            #expect(try cb.run(["verify", "--db", prod]).status == 0)

            // A spoiled file: every bad row named, exit status 1, nothing written
            try "id,name,region\nC-NEW,New,NORTH\nC-BAD,Bad\nC-ACME,,NORTH\n".write(
                toFile: cb.path("customers.csv"), atomically: true, encoding: .utf8)
            let bad = try cb.run(["import", "--db", prod, cb.path("customers.csv")])
            #expect(bad.status == 1)
            #expect(
                bad.stderr == """
                    casebench: nothing was written: 2 problems in the input
                      customers.csv:3: 2 fields where the header has 3
                      customers.csv:4: field 'name': missing

                    """)
            #expect(!(try cb.run(["export", "data", cb.path("again"), "--db", prod]).stdout.isEmpty))
            #expect(
                try String(contentsOfFile: cb.path("again/customers.csv"), encoding: .utf8)
                    == String(contentsOfFile: "\(out)/customers.csv", encoding: .utf8))
        }

        @Test(
            "generate makes a new training database on disk that verify, audit verify and the queue accept; a second run on it is refused"
        )
        func generateOnDisk() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("generated.sqlite")
            let made = try cb.run(["generate", "--cases", "600", "--seed", "4", "--db", db])
            #expect(made.status == 0, "\(made.stderr)")
            #expect(made.lines.first?.hasPrefix("generated 600 cases: ") == true, "\(made.lines)")
            let verified = try cb.run(["verify", "--db", db, "--as", "ada"])
            #expect(
                verified.status == 0 && verified.stdout.hasPrefix("ok: the ledger"),
                "\(verified.stdout)\(verified.stderr)")
            #expect(try cb.run(["audit", "verify", "--db", db, "--as", "ada"]).status == 0)
            let queue = try cb.run(["batch", "--db", db, "--as", "sam"], input: "queue view=all limit=3\n")
            #expect(queue.status == 0 && queue.lines.first == "ok: all: 600 cases, showing 1–3", "\(queue.stdout)")
            let again = try cb.run(["generate", "--cases", "10", "--db", db])
            #expect(again.status != 0 && again.stderr.contains("already exists"))
        }

        @Test("Ctrl-C stops generate within a moment: exit 130, a message, and nothing of the database left")
        func generateInterrupted() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("big.sqlite")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Casebench.binary)
            process.arguments = ["generate", "--cases", "200000", "--db", db]
            process.environment = cb.environment()
            let stderr = Pipe()
            process.standardError = stderr
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            // Once it is writing cases (the file is made after the handler is in place)
            let deadline = Date().addingTimeInterval(30)
            while !FileManager.default.fileExists(atPath: db), Date() < deadline { usleep(50_000) }
            usleep(1_000_000)
            process.interrupt()
            let stopped = Date().addingTimeInterval(30)
            while process.isRunning, Date() < stopped { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationReason == .exit && process.terminationStatus == 130, "\(message)")
            #expect(message.hasSuffix("casebench: generate stopped at your request; \(db) was removed\n"), "\(message)")
            for suffix in ["", "-wal", "-shm", ".audit-head", ".audit-key"] {
                #expect(!FileManager.default.fileExists(atPath: db + suffix), "\(suffix)")
            }
        }

        @Test(
            "A NUL or an escape sequence typed into a command is refused, naming it, and writes nothing; the trail still holds"
        )
        func controlCharactersRefused() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("t.sqlite")
            #expect(try cb.run(["demo", "--db", db], input: "").status == 0)
            let lines =
                "open C-ACME SN-WARRANTY-OK Pump \u{1b}[2J\u{1b}]0;pwned\u{7}hums\nnote 1 hello\u{0}world\nresolve 1 FIXED a\u{0}b\n"
            let run = try cb.run(["batch", "--db", db, "--as", "agnes"], input: lines)
            #expect(run.status == 1)
            #expect(
                run.lines == [
                    "error [line 1]: the line holds a control character (ESC) at character 33; text may hold none but tab",
                    "error [line 2]: the line holds a control character (NUL) at character 13; text may hold none but tab",
                    "error [line 3]: the line holds a control character (NUL) at character 18; text may hold none but tab",
                ])
            #expect(!run.stdout.utf8.contains(0x1B) && !run.stdout.utf8.contains(0))
            #expect(try AppDatabase.open(at: db).read { try $0.serviceCase(CaseID(8)) } == nil)
            // Nothing reached the trail (a NUL there once read back cut short: "entry N was edited")
            let verified = try cb.run(["audit", "verify", "--db", db, "--as", "ada"])
            #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        }

        @Test("Escape sequences already in the data are printed inert, and kept exact in JSON and CSV for tools")
        func hostileText() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("t.sqlite")
            #expect(try cb.run(["demo", "--db", db], input: "").status == 0)
            // Written behind the commands' back, as an older version or another tool could have
            let subject = "Pump \u{1b}[2J\u{1b}]0;pwned\u{7}hums'; DROP TABLE service_case; --"
            let store = try AppDatabase.open(at: db)
            try store.perform(
                CommandRecord(
                    actor: Actor(account: "trainer"), at: Timestamp(seconds: 0), text: "legacy", label: "legacy",
                    undoable: false)
            ) { tx in
                var c = try #require(try tx.serviceCase(CaseID(1)))
                c.subject = subject
                try tx.updateCase(c)
            }
            let shown = try cb.run(["batch", "--db", db, "--as", "agnes"], input: "show 1\n")
            #expect(!shown.stdout.utf8.contains(0x1B) && !shown.stdout.utf8.contains(0x07))
            #expect(shown.stdout.contains("case 1: Pump ␛[2J␛]0;pwned␇hums'; DROP TABLE service_case; --"))
            #expect(try store.read { try $0.serviceCase(CaseID(1))?.subject } == subject)
            // A report as text is inert; as JSON it is exact (JSON escapes controls), as CSV exact for the file it goes to
            let text = try cb.run(["report", "case", "1", "--db", db, "--as", "sam"])
            #expect(text.stdout.contains("␛[2J") && !text.stdout.utf8.contains(0x1B))
            let json = try cb.run(["report", "case", "1", "--format", "json", "--db", db, "--as", "sam"])
            #expect(json.stdout.contains(#"\u001b[2J\u001b]0;pwned\u0007hums"#))
            let csv = try cb.run(["report", "case", "1", "--format", "csv", "--db", db, "--as", "sam"])
            #expect(csv.stdout.contains(subject))
        }

        @Test("A file that is not a Casebench database is refused by name and left alone")
        func foreignFile() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let junk = cb.path("notes.sqlite")
            try Data("this is not a database, just some text that is long enough to look like a file header".utf8)
                .write(to: URL(fileURLWithPath: junk))
            let before = try Data(contentsOf: URL(fileURLWithPath: junk))
            let run = try cb.run(["batch", "--db", junk], input: "whoami\n")
            #expect(run.status == 2)
            #expect(run.stderr.hasPrefix("casebench: \(junk) is damaged or not a database ("))
            #expect(try Data(contentsOf: URL(fileURLWithPath: junk)) == before)
        }

        @Test(
            "export postings writes the demo's closings as a batch, once; report kpi --format json adds up to the file")
        func exportAndReport() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("e.sqlite")
            #expect(try cb.run(["demo", "--db", db]).status == 0)

            // The demo's two closed cases: a warranty repair (45.00) and a chargeable one (174.00)
            let first = try cb.run([
                "export", "postings", "--format", "csv", "--output", "out 1.csv", "--db", db, "--as", "ada",
            ])
            #expect(first.status == 0)
            #expect(first.stdout == "ok: batch 1: 2 postings written to \(cb.path("out 1.csv")), net 219.00\n")
            // Shared as the database is: its owner's only
            #expect(
                try FileManager.default.attributesOfItem(atPath: cb.path("out 1.csv"))[.posixPermissions] as? Int
                    == 0o600)
            let rows = try String(contentsOfFile: cb.path("out 1.csv"), encoding: .utf8).split(separator: "\n")
            #expect(
                rows.first
                    == "record,key,batch,posting,case,closing,kind,amount,amount_minor,outcome,line,contract,sku,quantity,reverses,at,count,audit_entry,audit_hash"
            )
            #expect(rows.count == 4)
            #expect(
                rows[1].hasPrefix(
                    "posting,case-6/closing-1/outcome-1/warranty-cost,1,1,6,1,warranty-cost,45.00,4500,1,"))
            #expect(rows[2].hasPrefix("posting,case-7/closing-1/outcome-2/revenue,1,2,7,1,revenue,174.00,17400,2,"))
            // The batch record: count, and the audit trail's head as the batch went out
            #expect(rows[3].hasPrefix("batch,batch-1,1,,,,,219.00,21900,"))
            let trailer = rows[3].split(separator: ",", omittingEmptySubsequences: false)
            #expect(trailer.suffix(3).first == "2")
            let head = String(trailer.last!)
            #expect(head.count == 64)
            // which `audit verify --head` finds on the chain
            let verified = try cb.run(["audit", "verify", "--head", head, "--db", db, "--as", "ada"])
            #expect(verified.status == 0, "\(verified.stdout)")

            // Again: nothing new, and no file
            let again = try cb.run([
                "export", "postings", "--format", "jsonl", "--output", "out2.jsonl", "--db", db, "--as", "ada",
            ])
            #expect(again.stdout == "ok: nothing new to export\n")
            #expect(!FileManager.default.fileExists(atPath: cb.path("out2.jsonl")))

            // The KPI report as JSON: the posted totals are the file's
            let kpi = try cb.run(["report", "kpi", "--format", "json", "--db", db, "--as", "sam"])
            #expect(kpi.status == 0)
            let json = try #require(JSONSerialization.jsonObject(with: Data(kpi.stdout.utf8)) as? [String: Any])
            let rowsByFigure = Dictionary(
                uniqueKeysWithValues: try #require(json["rows"] as? [[String: String]]).map { ($0["figure"]!, $0) })
            #expect(rowsByFigure["posted: revenue"]?["value"] == "174.00")
            #expect(rowsByFigure["posted: warranty-cost"]?["value"] == "45.00")
            #expect(rowsByFigure["completeness (closed cases)"]?["of"] == "2 of 2")

            // A bad format is refused by the argument parser, naming the choices
            let bad = try cb.run(["report", "kpi", "--format", "xml", "--db", db, "--as", "sam"])
            #expect(bad.status == 64)
            #expect(bad.stderr.contains("'xml'"))
        }

        @Test(
            "Every report runs from the shell: the completion report of a case, a leakage sample drawn again from its seed"
        )
        func reports() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("r.sqlite")
            #expect(try cb.run(["demo", "--db", db]).status == 0)
            for report in [
                ["sla"], ["reconcile", "--month", "2026-06"], ["profitability"], ["warranty-cost"], ["leakage"],
                ["case", "7"],
            ] {
                let r = try cb.run(["report"] + report + ["--format", "csv", "--db", db, "--as", "sam"])
                #expect(r.status == 0, "\(report): \(r.stdout)\(r.stderr)")
            }
            let card = try cb.run(["report", "case", "7", "--db", db, "--as", "sam"])
            #expect(card.stdout.hasPrefix("ok: Service completion report — case 7: Heater pilot light fails\n"))
            #expect(card.stdout.contains("Thermocouple cleaned; pilot holds."))
            #expect(card.stdout.contains("    invoice-trigger  174.00"))
            let sample = [
                "report", "leakage", "--size", "1", "--seed", "4", "--format", "json", "--db", db, "--as", "sam",
            ]
            let first = try cb.run(sample)
            let second = try cb.run(sample)
            #expect(first.status == 0 && first.stdout == second.stdout)
            #expect(first.stdout.contains("\"title\":\"Margin leakage: 1 of 2 closed cases, seed 4\""))
            let missing = try cb.run(["report", "case", "99", "--db", db, "--as", "sam"])
            #expect(missing.status == 1 && missing.stdout == "error: no case 99\n")
        }
    }
}
