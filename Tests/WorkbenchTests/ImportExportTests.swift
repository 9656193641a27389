import Foundation
import GRDB
import ServiceCore
import Testing

@testable import ServiceStore
@testable import Workbench

/// Every dataset shipped in data/ (each folder with a dataset.json).
private let dataDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data")
    .path
private let shippedDatasets: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: dataDirectory)) ?? [])
    .sorted().filter {
        FileManager.default.fileExists(atPath: "\(dataDirectory)/\($0)/dataset.json")
    }

/// A training desk holding only its trainer and the admin `ada`, who imports.
private func emptyDesk() throws -> Desk {
    var d = Dataset()
    d.users = [User(account: "ada", name: "Ada", role: .admin)]
    return try Desk(d)
}

private func importer(_ desk: Desk) throws -> Session {
    try Session(database: desk.db, account: "trainer", actingAs: "ada", clock: fixedClock)
}

/// The training dataset's customers and items as CSV, for the malformed-file cases to spoil.
private let customersCSV = """
    id,name,region,contact
    C-NEW,New Bakery,NORTH,Ann 555-0100
    C-TWO,"Two, Sons & Co",SOUTH,

    """

/// One malformed input: its files, and the exact problems it must give.
struct BadImport: Sendable, CustomTestStringConvertible {
    var name: String
    var files: [String: [UInt8]]
    var problems: [String]
    var testDescription: String { name }

    init(_ name: String, _ files: [String: String], _ problems: [String]) {
        self.name = name
        self.files = files.mapValues { Array($0.utf8) }
        self.problems = problems
    }
    init(_ name: String, bytes: [String: [UInt8]], _ problems: [String]) {
        self.name = name
        self.files = bytes
        self.problems = problems
    }
}

private let badImports: [BadImport] = [
    BadImport(
        "a missing column", ["customers.csv": "id,region\nC-NEW,NORTH\n"],
        ["customers.csv:1: field 'name': missing column name in the header"]),
    BadImport(
        "an unknown column", ["customers.csv": "id,name,regoin\nC-NEW,New,NORTH\n"],
        ["customers.csv:1: field 'regoin': not a column of customers; the columns are id, name, region, contact"]),
    BadImport(
        "ragged rows", ["customers.csv": "id,name,region\nC-NEW,New,NORTH\nC-TWO,Two\nC-3,Three,EAST,extra\n"],
        ["customers.csv:3: 2 fields where the header has 3", "customers.csv:4: 4 fields where the header has 3"]),
    BadImport(
        "an unterminated quote",
        ["customers.csv": "id,name,region\nC-NEW,New,NORTH\nC-TWO,\"Two, Sons,SOUTH\nC-3,Three,EAST\n"],
        ["customers.csv:3: field 'name': a quoted field opened on this line is never closed (the file ends inside it)"]),
    BadImport(
        "wrong types",
        [
            "warranty-templates.csv": """
            id,name,coverage.parts,coverage.labour,coverage.travel,coverage.expenses,months
            WT-A,A,100,eighty,0,0,12
            WT-B,B,100,100,0,0,twelve
            WT-C,C,100,100,0,0,-3
            """,
            "rules.json": """
            [
              { "region": "NORTH", "responseHours": "8" }
            ]
            """,
        ],
        [
            "rules.json:2: field 'responseHours': expected a whole number",
            "warranty-templates.csv:2: field 'coverage.labour': 'eighty' is not a whole number",
            "warranty-templates.csv:3: field 'months': 'twelve' is not a whole number",
            "warranty-templates.csv:4: field 'months': must be a positive number of months",
        ]),
    BadImport(
        "bad dates and amounts",
        [
            "assets.csv": """
            serial,sku,customer,installedOn,region,warranty.template,warranty.start,warranty.end
            SN-X1,PUMP-200,C-ACME,15/06/2026,NORTH,,,
            SN-X2,PUMP-200,C-ACME,2026-02-30,NORTH,,,
            SN-X3,PUMP-200,C-ACME,2026-01-01,NORTH,WT-STD,2026-01-01,2025-12-31
            SN-X4,PUMP-200,C-ACME,2026-01-01,NORTH,WT-STD,2026-01-01,
            """, "items.csv": "sku,description,category,listPrice\nP-NEW,New part,Parts,12.345\n",
        ],
        [
            "assets.csv:2: field 'installedOn': '15/06/2026' is not a date (YYYY-MM-DD)",
            "assets.csv:3: field 'installedOn': '2026-02-30' is not a date (YYYY-MM-DD)",
            "assets.csv:4: field 'warranty.end': 2025-12-31 is before the start 2026-01-01",
            "assets.csv:5: field 'warranty.end': missing",
            #"items.csv:2: field 'listPrice': '12.345' is not an amount like "120.00""#,
        ]),
    BadImport(
        "duplicate keys",
        [
            "customers.csv": customersCSV + "C-NEW,New Bakery again,NORTH,\n",
            "customers.json": """
            [ { "id": "C-TWO", "name": "Two", "region": "SOUTH" } ]
            """,
        ],
        [
            "customers.csv:4: field 'id': duplicate C-NEW (first on line 2)",
            "customers.json:1: field 'id': duplicate C-TWO (first in customers.csv, line 3)",
        ]),
    BadImport(
        "unknown references",
        [
            "assets.csv": """
            serial,sku,customer,installedOn,region
            SN-X1,PUMP-999,C-ACME,2026-01-01,NORTH
            SN-X2,PUMP-200,C-NOBODY,2026-01-01,NORTH
            """, "stock.csv": "sku,bin,onHand,unitCost\nP-SEAL,VAN-NOBODY,2,12.00\n",
        ],
        [
            "assets.csv:2: field 'sku': unknown item PUMP-999",
            "assets.csv:3: field 'customer': unknown customer C-NOBODY",
            "stock.csv:2: field 'bin': unknown bin VAN-NOBODY",
        ]),
    BadImport(
        "invalid UTF-8 (a file saved as Latin-1)",
        bytes: [
            "customers.csv": Array("id,name,region\nC-NEW,".utf8) + [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72]
                + Array(",SOUTH\n".utf8)
        ],
        ["customers.csv:2: field 'name': not valid UTF-8 text"]),
    BadImport(
        "a truncated file",
        [
            "customers.json": """
            [
              { "id": "C-NEW", "name": "New Bakery", "region": "NORTH" },
              { "id": "C-TWO", "name": "Two
            """, "customers.csv": "id,name,region\nC-3,\"Three",
        ],
        [
            "customers.csv:2: field 'name': a quoted field opened on this line is never closed (the file ends inside it)",
            "customers.json:3: unterminated string: the file ends inside it (column 28)",
        ]),
    BadImport(
        "a file named for no kind", ["customer.csv": customersCSV],
        [
            "customer.csv: which kind of records? the files are named for their kind, .json or .csv: users, customers, warranty-templates, items, assets, warranty-spend, contracts, rules, bins, stock, resolution-codes, cases, case-lines; or give --kind"
        ]),
    BadImport(
        "history that is not finished, or times that are not times",
        [
            "cases.csv": """
            key,customer,serial,subject,reported,opened,priority,assignee,status,closed
            H-8,C-ACME,SN-WARRANTY-OK,Noise,2025-11-03,2025-11-03T09:00,2,agnes,resolved,
            H-9,C-ACME,SN-WARRANTY-OK,Noise,2025-11-03,9am,2,agnes,closed,2025-11-04T10:00
            H-10,C-ACME,SN-WARRANTY-OK,Noise,2025-11-03,2025-11-03T09:00,2,agnes,closed,
            """
        ],
        [
            "cases.csv:2: field 'status': history is closed or cancelled, not resolved",
            "cases.csv:3: field 'opened': '9am' is not a time (YYYY-MM-DDTHH:MM)",
            "cases.csv:4: field 'closed': a closed case needs the time it was closed",
        ]),
    BadImport(
        "a history line of a case that is nowhere",
        ["case-lines.csv": "case,number,kind,description,amount\nH-404,1,travel,travel,35.00\n"],
        ["case-lines.csv:2: field 'case': unknown case H-404"]),
    // Within the line bounds, enough lines on one case could sum past 64-bit cents.
    BadImport(
        "history lines that take their case past the case bound",
        [
            "cases.csv": """
            key,customer,serial,subject,reported,opened,priority,assignee,status,closed,closedBy
            H-7,C-ACME,SN-WARRANTY-OK,Noise,2025-11-03,2025-11-03T09:00,2,agnes,closed,2025-11-04T10:00,agnes
            """,
            "case-lines.csv": "case,number,kind,description,amount\n"
                + (1...11).map { "H-7,\($0),expense,hotel,999999999.99\n" }.joined(),
        ],
        [
            "case-lines.csv:12: field 'amount': case H-7's lines would come to 10,999,999,999.89, past the "
                + "9,999,999,999.99 a case may hold (charges and credits counted alike); nothing was written"
        ]),
    // Foundation's parser gives up past ~512 levels, and took the file for an empty list
    // ("imported 1 file", nothing imported); ten thousand levels crashed the scanner's recursion.
    BadImport(
        "JSON nested deeper than any record (600 levels)",
        ["customers.json": String(repeating: "[", count: 600) + String(repeating: "]", count: 600)],
        [
            "customers.json:1: lists and objects nest more than 32 levels deep here; a dataset record has a few (column 33)"
        ]),
    BadImport(
        "JSON nested ten thousand levels deep, across lines",
        [
            "customers.json": "[\n" + String(repeating: "{\"a\": [", count: 5_000) + "1"
                + String(repeating: "]}", count: 5_000) + "\n]"
        ],
        [
            "customers.json:2: lists and objects nest more than 32 levels deep here; a dataset record has a few (column 112)"
        ]),
    BadImport(
        "files that hold no record", ["customers.json": "[]", "bins.csv": "id,warehouse,region\n"],
        ["bins.csv, customers.json: no records to import: the files hold none"]),
    // Control characters: a NUL was cut short by SQLite (and the audit trail then read as
    // edited); a huge count or amount crashed the import.
    BadImport(
        "control characters and numbers past their bounds",
        [
            "customers.csv":
                "id,name,region\nC-NUL,Bakery\u{0}Two,NORTH\nC-ESC,\"Bakery \u{1B}[2J\",NORTH\nC-TAB,Tab\there,NORTH\n",
            "stock.csv":
                "sku,bin,onHand,unitCost\nP-SEAL,VAN-TOM,9223372036854775807,1.00\nP-SEAL,WH-NORTH,2,1000000000.00\n",
            "cases.json": """
            [ { "key": "H-1", "customer": "C-ACME", "serial": "SN-WARRANTY-OK", "subject": "Noise",
                "reported": "2025-11-03", "opened": "2025-11-03T09:00", "priority": 2, "assignee": "agnes",
                "status": "closed", "closed": "2025-11-04T10:00",
                "notes": "Line one\\nline two\\u0007" } ]
            """,
        ],
        [
            "cases.json:4: field 'notes': holds a control character (U+0007) at character 18; text may hold none but tab and line breaks",
            "customers.csv:2: field 'name': holds a control character (NUL) at character 7; text may hold none but tab",
            "customers.csv:3: field 'name': holds a control character (ESC) at character 8; text may hold none but tab",
            "stock.csv:2: field 'onHand': 9223372036854775807 is more than 1,000,000",
            "stock.csv:3: field 'unitCost': 1000000000.00 is more than 999,999,999.99",
        ]),
    // Reference problems were reported only once no file had a format problem left: "4
    // problems" hid the fifth.
    BadImport(
        "format and reference problems in one run",
        [
            "items.csv": "sku,description,category,listPrice\nP-NEW,New part,Parts,12.345\n",
            "assets.csv": "serial,sku,customer,installedOn,region\nSN-X2,PUMP-200,C-NOBODY,2026-01-01,NORTH\n",
        ],
        [
            "assets.csv:2: field 'customer': unknown customer C-NOBODY",
            #"items.csv:2: field 'listPrice': '12.345' is not an amount like "120.00""#,
        ]),
    BadImport(
        "an import that would demote the importer", ["users.csv": "account,name,role\nada,Ada,agent\n"],
        [
            "users.csv:2: field 'role': would change your own role from admin to agent; another admin does that with `casebench users set-role`"
        ]),
]

@Suite("Importing and exporting master data")
struct ImportExportTests {
    @Test(
        "Every shipped dataset goes out and back in unchanged: export, import into an empty database, export again — the same bytes",
        arguments: shippedDatasets, Dataset.Format.allCases)
    func roundTrip(dataset name: String, format: Dataset.Format) throws {
        // Given a desk loaded with the dataset, exported
        let source = try Desk(try Dataset.read(directory: "\(dataDirectory)/\(name)"))
        let first = try Folder()
        let second = try Folder()
        let written = try importer(source).exportData(to: first.url.path, format: format)
        #expect(written.count >= 8)

        // When the files are imported into an empty database and exported from it
        let target = try emptyDesk()
        let files = try FileManager.default.contentsOfDirectory(atPath: first.url.path).sorted().map(first.path)
        let report = try importer(target).importFiles(files)
        _ = try importer(target).exportData(to: second.url.path, format: format)

        // Then every file is the same, byte for byte, and every record was new but the
        // trainer's and ada's, who were there already
        #expect(try second.contents() == first.contents())
        let added: Int = report.tallies.map(\.1.added).reduce(0, +)
        let exported: Int = written.map(\.records).reduce(0, +)
        #expect(added == exported - 2)
        #expect(try target.verified())
    }

    @Test(
        "Malformed input is refused with every problem's file, line, field and reason, and nothing is written",
        arguments: badImports)
    func malformed(_ bad: BadImport) throws {
        // Given the training desk, and the bad files
        let desk = try Desk(try Dataset.read(directory: "\(dataDirectory)/training"))
        let folder = try Folder()
        for (name, bytes) in bad.files { try folder.write(name, bytes: bytes) }
        let before = try everyRow(desk.db)

        // When they are imported
        let error = #expect(throws: (any Error).self) {
            try importer(desk).importFiles(bad.files.keys.sorted().map(folder.path))
        }

        // Then each problem is named, and the database is as it was
        let problems =
            (error as? LoadErrors)?.all.map(\.description) ?? (error as? LoadError).map { [$0.description] } ?? [
                "\(String(describing: error))"
            ]
        #expect(problems == bad.problems)
        #expect(try everyRow(desk.db) == before)
    }

    @Test("A dry run reports what it would add and update, and writes nothing")
    func dryRun() throws {
        let desk = try Desk(try Dataset.read(directory: "\(dataDirectory)/training"))
        let folder = try Folder()
        try folder.write("customers.csv", customersCSV + "C-ACME,Acme Bakery & Sons,NORTH,Jo Baker 555-0101\n")
        let before = try everyRow(desk.db)

        let report = try importer(desk).importFiles([folder.path("customers.csv")], dryRun: true)

        #expect(
            report.lines == [
                "would import 1 file in one transaction; nothing was written (--dry-run)",
                "  customers: 2 new, 1 updated, 0 unchanged",
            ])
        #expect(try everyRow(desk.db) == before)
    }

    @Test("Importing again updates by the ERP's keys: a changed name is one update, nothing is duplicated")
    func reimport() throws {
        let desk = try emptyDesk()
        let folder = try Folder()
        try folder.write("customers.csv", customersCSV)
        _ = try importer(desk).importFiles([folder.path("customers.csv")])

        // The ERP renames a customer and exports again, as JSON this time, under another name
        try folder.write(
            "erp-export.json",
            #"[ { "id": "C-TWO", "name": "Two Sons Ltd", "region": "SOUTH" }, { "id": "C-NEW", "name": "New Bakery", "region": "NORTH", "contact": "Ann 555-0100" } ]"#
        )
        let report = try importer(desk).importFiles([folder.path("erp-export.json")], kind: .customers)

        #expect(report.lines.last == "  customers: 0 new, 1 updated, 1 unchanged")
        let customers = try desk.read { tx in try tx.exportDataset().customers }
        #expect(customers.map { "\($0.id) \($0.name)" } == ["C-NEW New Bakery", "C-TWO Two Sons Ltd"])
    }

    @Test("An import writes one audit entry naming its files, with every row it changed")
    func audited() throws {
        let desk = try emptyDesk()
        let folder = try Folder()
        try folder.write("customers.csv", customersCSV)
        let before = try desk.footprint()["audit_entry"]!
        _ = try importer(desk).importFiles([folder.path("customers.csv")])
        let entry = try desk.db.read { tx in
            try Row.fetchOne(tx.db, sql: "SELECT command, changes FROM audit_entry ORDER BY id DESC LIMIT 1")
        }
        #expect(try desk.footprint()["audit_entry"]! == before + 1)
        #expect(entry?["command"] == "import customers.csv")
        #expect((entry?["changes"] as String?)?.contains("Two, Sons & Co") == true)
    }

    @Test("Only admins import: an agent is refused, and the refusal is a security event")
    func agentRefused() throws {
        let desk = try Desk(try Dataset.read(directory: "\(dataDirectory)/training"))
        let folder = try Folder()
        try folder.write("customers.csv", customersCSV)
        let agent = try Session(database: desk.db, account: "trainer", actingAs: "agnes", clock: fixedClock)
        let error = #expect(throws: IdentityError.self) { try agent.importFiles([folder.path("customers.csv")]) }
        #expect(error?.message == "agnes is an agent and may not import and export (allowed: admin)")
        let last = try desk.db.read { tx in
            try Row.fetchOne(tx.db, sql: "SELECT kind, command FROM audit_entry ORDER BY id DESC LIMIT 1")
        }
        #expect(last?["kind"] == "security")
        #expect(last?["command"] == "import customers.csv")
    }

    static let historyCSV = """
        key,customer,serial,subject,reported,opened,priority,assignee,status,closed,closedBy,resolution,notes,cancelReason
        H-1,C-ACME,SN-WARRANTY-OK,Pump seized,2025-11-03,2025-11-03T09:12,2,agnes,closed,2025-11-05T16:40,agnes,REPLACED-PART,"Seals replaced, tested",
        H-2,C-FJORD,SN-LAST-DAY,Noise,2025-12-01,2025-12-01T10:00,3,arun,cancelled,,,,,Customer fixed it

        """
    static let historyLinesCSV = """
        case,number,kind,description,amount,sku,quantity,minutes,technician,classification,reasonCode
        H-1,1,part,2 × P-SEAL Pump seal kit,90.00,P-SEAL,2,,,warranty,
        H-1,2,labour,60 min labour (tom),60.00,,,60,tom,billable,CUSTOMER-DAMAGE

        """

    @Test(
        "History: imported cases are marked imported, stay out of the outbox and the ledger check, and importing again updates them"
    )
    func history() throws {
        let desk = try Desk(try Dataset.read(directory: "\(dataDirectory)/training"))
        let folder = try Folder()
        try folder.write("cases.csv", Self.historyCSV)
        try folder.write("case-lines.csv", Self.historyLinesCSV)
        let files = [folder.path("cases.csv"), folder.path("case-lines.csv")]

        let first = try importer(desk).importFiles(files)
        #expect(
            first.lines.suffix(2) == [
                "  cases: 2 new, 0 updated, 0 unchanged", "  case-lines: 2 new, 0 updated, 0 unchanged",
            ])
        let rows = try desk.read { tx in
            try Row.fetchAll(tx.db, sql: "SELECT erp_key, status, imported FROM service_case ORDER BY id")
        }
        #expect(
            rows.map { "\($0["erp_key"] as String) \($0["status"] as String) \($0["imported"] as Int)" } == [
                "H-1 closed 1", "H-2 cancelled 1",
            ])
        #expect(try desk.verified())
        #expect(try desk.read { try $0.unexportedPostings() }.isEmpty)
        let kpi = try #require(try desk.session("sam").run("report kpi"))
        #expect(kpi.text().contains("Imported history apart: 1 closed case loaded from the ERP."))

        // The ERP corrects a subject and sends everything again
        try folder.write(
            "cases.csv", Self.historyCSV.replacingOccurrences(of: "Pump seized", with: "Pump seized solid"))
        let again = try importer(desk).importFiles(files)
        #expect(
            again.lines.suffix(2) == [
                "  cases: 0 new, 1 updated, 1 unchanged", "  case-lines: 0 new, 0 updated, 2 unchanged",
            ])
        #expect(try desk.read { try $0.count(table: "service_case") } == 2)
    }

    @Test(
        "History round-trips: the training demo's closed cases go out as CB-<database>-<id>, come into another database as imported history, and go out again the same; back into their own database they change nothing"
    )
    func historyRoundTrip() throws {
        let dir = try Folder()
        let out = try Folder()
        let back = try Folder()
        let made = try Training.prepare(
            path: dir.path("training.sqlite"), datasetDirectory: "\(dataDirectory)/training", reset: false,
            account: "trainer", clock: fixedClock)
        let source = try Session(database: made.database, account: "trainer", actingAs: "ada", clock: fixedClock)
        _ = try source.exportData(to: out.url.path, format: .csv)
        let me = try made.database.info().createdAt.seconds
        #expect(
            try out.text("cases.csv").split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
                == ["CB-\(me)-6", "CB-\(me)-7"])
        let files = try FileManager.default.contentsOfDirectory(atPath: out.url.path).sorted().map(out.path)

        let target = try emptyDesk()
        _ = try importer(target).importFiles(files)
        _ = try importer(target).exportData(to: back.url.path, format: .csv)
        #expect(try back.contents() == out.contents())

        let home = try source.importFiles(files)
        #expect(
            home.lines.filter { $0.contains("case") } == [
                "  cases: 0 new, 0 updated, 2 unchanged", "  case-lines: 0 new, 0 updated, 4 unchanged",
            ])

        // Another database's case 1 is not this one's: it comes in as history of its own
        try out.write(
            "cases.csv",
            "key,customer,serial,subject,reported,opened,priority,assignee,status,closed\n"
                + "CB-1700000000-1,C-ACME,SN-WARRANTY-OK,Elsewhere,2025-11-03,2025-11-03T09:00,2,agnes,closed,2025-11-04T10:00\n"
        )
        let other = try source.importFiles([out.path("cases.csv")])
        #expect(other.lines.last == "  cases: 1 new, 0 updated, 0 unchanged")
        #expect(try made.database.read { try $0.serviceCase(CaseID(1)) }?.subject == "Pump noisy at start-up")
    }
}
