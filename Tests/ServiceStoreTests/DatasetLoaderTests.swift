import Foundation
import ServiceCore
import Testing

@testable import ServiceStore

/// The real training dataset, found from this file: <package>/Tests/ServiceStoreTests/ → <package>/data/training.
private let trainingDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("data/training").path

/// Loads a dataset folder as the workbench does: read everything, then write it in one command.
private func load(_ directory: String, into db: AppDatabase) throws {
    try db.perform(Fixtures.command("load dataset", undoable: false)) { tx in
        try Dataset.read(directory: directory).write(into: tx)
    }
}

/// The records of a dataset file, read with Foundation's own JSON parser, independently of the loader.
private func records(_ file: String) throws -> [[String: Any]] {
    let data = try Data(contentsOf: URL(fileURLWithPath: (trainingDirectory as NSString).appendingPathComponent(file)))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
}

/// One malformed dataset: its files, and the exact error it must give.
struct BadDataset: Sendable, CustomTestStringConvertible {
    var name: String
    var files: [String: [UInt8]]
    var error: String

    init(_ name: String, _ files: [String: String], _ error: String) {
        self.name = name
        self.files = files.mapValues { Array($0.utf8) }
        self.error = error
    }

    init(_ name: String, bytes files: [String: [UInt8]], _ error: String) {
        self.name = name
        self.files = files
        self.error = error
    }

    var testDescription: String { name }
}

private let customersOK = """
    [
      { "id": "C-ACME", "name": "Acme Bakery", "region": "NORTH" },
      { "id": "C-BLUM", "name": "Blumenthal Hotels", "region": "SOUTH" }
    ]
    """

private let itemsOK = """
    [
      { "sku": "PUMP-9", "description": "Pump 9", "category": "Mechanical", "listPrice": "1200.00" }
    ]
    """

private let badDatasets: [BadDataset] = [
    BadDataset(
        "missing required field",
        [
            "customers.json": """
            [
              { "id": "C-ACME", "name": "Acme Bakery", "region": "NORTH" },
              { "id": "C-BLUM", "region": "SOUTH" }
            ]
            """
        ], "customers.json:3: field 'name': missing"),
    BadDataset(
        "wrong type",
        [
            "customers.json": """
            [
              {
                "id": "C-ACME",
                "name": 42,
                "region": "NORTH"
              }
            ]
            """
        ], "customers.json:4: field 'name': expected text in double quotes"),
    BadDataset(
        "wrong type in a nested field",
        [
            "warranty-templates.json": """
            [
              { "id": "WT-1", "name": "Standard",
                "coverage": { "parts": 100, "labour": "all", "travel": 0, "expenses": 0 } }
            ]
            """
        ], "warranty-templates.json:3: field 'coverage.labour': expected a whole number"),
    BadDataset(
        "bad date",
        [
            "assets.json": """
            [
              { "serial": "SN-1", "sku": "PUMP-9", "customer": "C-ACME",
                "installedOn": "2025-02-30", "region": "NORTH" }
            ]
            """
        ], "assets.json:3: field 'installedOn': '2025-02-30' is not a date (YYYY-MM-DD)"),
    BadDataset(
        "bad date in a nested field",
        [
            "assets.json": """
            [
              { "serial": "SN-1", "sku": "PUMP-9", "customer": "C-ACME", "installedOn": "2025-02-01", "region": "NORTH",
                "warranty": { "template": "WT-1",
                              "start": "2025-02-01",
                              "end": "31.01.2027" } }
            ]
            """
        ], "assets.json:5: field 'warranty.end': '31.01.2027' is not a date (YYYY-MM-DD)"),
    BadDataset(
        "percentage out of range in a nested field",
        [
            "warranty-templates.json": """
            [
              { "id": "WT-1", "name": "Standard",
                "coverage": { "parts": 120, "labour": 100, "travel": 0, "expenses": 0 } }
            ]
            """
        ], "warranty-templates.json:3: field 'coverage.parts': 120 is not a percentage from 0 to 100"),
    BadDataset(
        "bad amount",
        [
            "items.json": """
            [
              { "sku": "P-SEAL", "description": "Seal kit", "category": "Mechanical", "listPrice": "45.00" },
              { "sku": "P-FILTER", "description": "Filter", "category": "Consumables",
                "listPrice": "12,50" }
            ]
            """
        ], #"items.json:4: field 'listPrice': '12,50' is not an amount like "120.00""#),
    BadDataset(
        "unknown choice",
        [
            "users.json": """
            [
              { "account": "merlin", "name": "Merlin", "role": "wizard" }
            ]
            """
        ], "users.json:2: field 'role': 'wizard' is not one of agent, technician, supervisor, admin, trainer"),
    BadDataset(
        "duplicate key",
        [
            "customers.json": """
            [
              { "id": "C-ACME", "name": "Acme Bakery", "region": "NORTH" },
              { "id": "C-BLUM", "name": "Blumenthal Hotels", "region": "SOUTH" },
              { "id": "C-ACME", "name": "Acme again", "region": "NORTH" }
            ]
            """
        ], "customers.json:4: field 'id': duplicate C-ACME (first on line 2)"),
    BadDataset(
        "unknown reference",
        [
            "customers.json": customersOK, "items.json": itemsOK,
            "assets.json": """
            [
              { "serial": "SN-1", "sku": "PUMP-9", "customer": "C-ACME", "installedOn": "2025-02-01", "region": "NORTH" },
              { "serial": "SN-2", "sku": "PUMP-9", "customer": "C-NOBODY",
                "installedOn": "2025-02-01", "region": "NORTH" }
            ]
            """,
        ], "assets.json:3: field 'customer': unknown customer C-NOBODY"),
    BadDataset(
        "unknown reference to a user",
        [
            "bins.json": """
            [
              { "id": "VAN-X", "warehouse": "X's van", "region": "NORTH", "kind": "van", "technician": "xavier" }
            ]
            """
        ], "bins.json:2: field 'technician': unknown user xavier"),
    BadDataset(
        "invalid UTF-8",
        bytes: [
            "customers.json": Array(
                """
                [
                  { "id": "C-ACME", "name": "Acme Bakery", "region": "NORTH" },
                  { "id": "C-BLUM", "name": "Blumenthal H
                """.utf8) + [0xF4, 0x90, 0x80]
                + Array(
                    """
                    tels", "region": "SOUTH" }
                    ]
                    """.utf8)
        ], "customers.json:3: not valid UTF-8 text"),
    BadDataset(
        "truncated file",
        [
            "customers.json": """
            [
              { "id": "C-ACME", "name": "Acme Bakery", "region": "NORTH" },
              { "id": "C-BLUM", "name": "Blumenthal Hotels", "reg
            """
        ], "customers.json:3: unterminated string: the file ends inside it (column 50)"),
    BadDataset(
        "truncated after a whole record",
        [
            "customers.json": """
            [
              { "id": "C-ACME", "name": "Acme Bakery", "region": "NORTH" }

            """
        ], "customers.json:3: the file ends inside a list: expected ',' or ']' (column 1)"),
    BadDataset(
        "trailing comma in a list",
        [
            "customers.json": """
            [
              { "id": "C-ACME", "name": "Acme Bakery", "region": "NORTH" },
            ]
            """
        ], "customers.json:3: expected a value (column 1)"),
    BadDataset(
        "trailing comma in a record",
        [
            "customers.json": """
            [
              { "id": "C-ACME", "name": "Acme Bakery", "region": "NORTH", }
            ]
            """
        ], "customers.json:2: expected a quoted field name (column 63)"),
    BadDataset(
        "unquoted text",
        [
            "customers.json": """
            [
              { "id": "C-ACME", "name": "Acme Bakery", "region": "NORTH" },
              { "id": C-BLUM, "name": "Blumenthal Hotels", "region": "SOUTH" }
            ]
            """
        ], "customers.json:3: 'C-BLUM' is not a JSON value (text must be in double quotes) (column 11)"),
    BadDataset(
        "not a list",
        [
            "customers.json": """

            { "id": "C-ACME", "name": "Acme Bakery", "region": "NORTH" }
            """
        ], "customers.json:2: expected a list of records: [ {...}, {...} ]"),
    BadDataset(
        "an empty file", ["customers.json": ""], "customers.json:1: the file ends where a value should be (column 1)"),
    BadDataset(
        "a fault in a later file",
        [
            "customers.json": customersOK,
            "items.json": """
            [
              { "sku": "PUMP-9", "description": "Pump 9", "category": "Mechanical", "listPrice": "-5.00" }
            ]
            """,
        ], #"items.json:2: field 'listPrice': '-5.00' is not an amount like "120.00""#),
    BadDataset(
        "a misspelled file name", ["customers.json": customersOK, "customer.json": customersOK],
        "customer.json: not a dataset file; the files are named for their kind, .json or .csv: users, customers, warranty-templates, items, assets, warranty-spend, contracts, rules, bins, stock, resolution-codes, cases, case-lines"
    ),
    BadDataset(
        "a resolution code a technician could not type back",
        [
            "resolution-codes.csv": """
            code,description
            FIXED,Repaired on site
            NO FAULT,Nothing found
            """
        ],
        "resolution-codes.csv:3: field 'code': 'NO FAULT' is not a code: letters, digits and dashes, e.g. REPLACED-PART"
    ),
    BadDataset(
        "a resolution code without its description",
        [
            "resolution-codes.csv": """
            code,description,retired
            FIXED,,
            """
        ], "resolution-codes.csv:2: field 'description': missing"),
    BadDataset(
        "a resolution code twice, once in small letters",
        [
            "resolution-codes.csv": """
            code,description
            FIXED,Repaired on site
            fixed,Repaired
            """
        ], "resolution-codes.csv:3: field 'code': duplicate FIXED (first on line 2)"),
]

@Suite("Loading datasets")
struct DatasetLoaderTests {
    @Test(
        "A malformed dataset is refused with file, line, field and reason, and the database is left unchanged",
        arguments: badDatasets)
    func malformed(_ bad: BadDataset) throws {
        try withTemporaryDirectory { dir throws in
            try withStore(.memory) { db throws in
                // Given
                for (name, bytes) in bad.files { try dir.write(name, bytes: bytes) }
                let before = try snapshot(db)

                // When
                let error = #expect(throws: (any Error).self) { try load(dir.path, into: db) }

                // Then
                #expect(error.map { "\($0)" } == bad.error)
                #expect(try snapshot(db) == before)
            }
        }
    }

    @Test("A file that starts with a UTF-8 byte order mark, as Windows tools write them, loads")
    func byteOrderMark() throws {
        try withTemporaryDirectory { dir throws in
            try withStore(.memory, seeded: false) { db throws in
                // Given customers.json behind a byte order mark
                try dir.write("customers.json", bytes: [0xEF, 0xBB, 0xBF] + Array(customersOK.utf8))
                // When loaded
                try load(dir.path, into: db)
                // Then both customers are there
                #expect(try db.read { try $0.customers(matching: "C-") }.map(\.id) == ["C-ACME", "C-BLUM"])
            }
        }
    }

    @Test("A resolution-codes file loads: small letters taken in capitals, a retired code kept but marked")
    func resolutionCodes() throws {
        try withTemporaryDirectory { dir throws in
            try withStore(.memory, seeded: false) { db throws in
                // Given an ERP's list of resolution codes, one typed in small letters, one retired
                try dir.write(
                    "resolution-codes.csv",
                    """
                    code,description,retired
                    REPLACED-PART,Replaced a part,
                    fixed,"Repaired on site, no parts",
                    OLD-CODE,Before 2020,true

                    """)
                // When loaded
                try load(dir.path, into: db)
                // Then all three are there, in capitals, and completion offers the active ones only
                try db.read { tx throws in
                    #expect(
                        try tx.resolutionCodes() == [
                            ResolutionCode(code: "FIXED", description: "Repaired on site, no parts"),
                            ResolutionCode(code: "OLD-CODE", description: "Before 2020", active: false),
                            ResolutionCode(code: "REPLACED-PART", description: "Replaced a part"),
                        ])
                    #expect(try tx.resolutionCodes(matching: "").map(\.code) == ["FIXED", "REPLACED-PART"])
                    #expect(try tx.resolutionCodes(matching: "fi").map(\.code) == ["FIXED"])
                    // by a word of its description, in any case
                    #expect(try tx.resolutionCodes(matching: "PART").map(\.code) == ["FIXED", "REPLACED-PART"])
                }
            }
        }
    }

    @Test("A folder without dataset files is refused by name")
    func emptyFolder() throws {
        try withTemporaryDirectory { dir throws in
            // Given
            try dir.write("readme.txt", "nothing to see")

            // When
            let error = #expect(throws: (any Error).self) { try Dataset.read(directory: dir.path) }

            // Then
            #expect(error.map { "\($0)" } == "\(dir.path): no dataset files here (expected e.g. customers.json)")
        }
    }

    @Test("A bad dataset description names its field")
    func badDescription() throws {
        try withTemporaryDirectory { dir throws in
            // Given
            try dir.write(
                "dataset.json",
                """
                {
                  "name": "demo",
                  "businessDate": "15/06/2026"
                }
                """)
            try dir.write("customers.json", customersOK)

            // When
            let error = #expect(throws: (any Error).self) { try Dataset.read(directory: dir.path) }

            // Then
            #expect(
                error.map { "\($0)" } == "dataset.json:3: field 'businessDate': '15/06/2026' is not a date (YYYY-MM-DD)"
            )
        }
    }

    @Test("A reference may name a record already in the database")
    func referenceToDatabase() throws {
        try withTemporaryDirectory { dir throws in
            try withStore(.memory) { db throws in
                // Given: C-ACME and PUMP-200 exist only in the database
                try dir.write(
                    "assets.json",
                    """
                    [ { "serial": "SN-NEW", "sku": "PUMP-200", "customer": "C-ACME", "installedOn": "2026-01-05", "region": "NORTH" } ]
                    """)

                // When
                try load(dir.path, into: db)

                // Then
                #expect(
                    try db.read { try $0.asset("SN-NEW") }
                        == Asset(
                            serial: "SN-NEW", sku: "PUMP-200", customerID: "C-ACME",
                            installedOn: Fixtures.day("2026-01-05"), region: "NORTH"))
            }
        }
    }

    @Test("The training dataset loads completely: every record of every file", arguments: Storage.allCases)
    func trainingDataset(_ storage: Storage) throws {
        try withStore(storage, seeded: false) { db throws in
            // When
            let dataset = try Dataset.read(directory: trainingDirectory)
            try load(trainingDirectory, into: db)

            // Then: the counts of the files, read independently
            let contracts = try records("contracts.json")
            let fileCounts: [String: Int] = [
                "app_user": try records("users.json").count, // the creator, ada, is one of them
                "customer": try records("customers.json").count,
                "warranty_template": try records("warranty-templates.json").count,
                "item": try records("items.json").count,
                "asset": try records("assets.json").count,
                "warranty_spend": try records("warranty-spend.json").count,
                "contract": contracts.count,
                "contract_region": contracts.map { ($0["regions"] as? [String] ?? []).count }.reduce(0, +),
                "contract_serial": contracts.map { ($0["serials"] as? [String] ?? []).count }.reduce(0, +),
                "contract_exclusion": contracts.map { ($0["excludedCategories"] as? [String] ?? []).count }.reduce(
                    0, +),
                "entitlement_rule": try records("rules.json").count,
                "bin": try records("bins.json").count,
                "resolution_code": try records("resolution-codes.json").count,
            ]
            let counts = try tableCounts(db)
            for (table, n) in fileCounts { #expect(counts[table] == n, "\(table)") }
            #expect(
                fileCounts == [
                    "app_user": 7, "customer": 8, "warranty_template": 4, "item": 8, "asset": 18, "warranty_spend": 2,
                    "contract": 7, "contract_region": 7, "contract_serial": 7, "contract_exclusion": 1,
                    "entitlement_rule": 6, "bin": 6, "resolution_code": 5,
                ])
            #expect(
                dataset.description
                    == Dataset.Description(
                        name: "training",
                        summary:
                            "A small service desk: one asset per entitlement outcome and edge case, and a few cases already under way.",
                        businessDate: Fixtures.day("2026-06-15")))
            #expect(
                dataset.counts.map { "\($0.1) \($0.0.rawValue)" } == [
                    "7 users", "8 customers", "4 warranty-templates", "8 items", "18 assets", "2 warranty-spend",
                    "7 contracts", "6 rules", "6 bins",
                    "10 stock", "5 resolution-codes",
                ])

            // And the values came through
            try db.read { tx throws in
                #expect(
                    try tx.user("tom")
                        == User(
                            account: "tom", name: "Tom Reyes", role: .technician, labourRate: Money(minorUnits: 6_000)))
                #expect(try tx.customer("C-YAMADA")?.name == "山田工業 Yamada Kogyo")
                #expect(
                    try tx.item("P-BOARD")
                        == Item(
                            sku: "P-BOARD", description: "Control board", category: "Electronic Parts",
                            costing: .movingAverage, standardCost: Money(minorUnits: 15_000),
                            listPrice: Money(minorUnits: 32_000), coreCharge: Money(minorUnits: 8_000)))
                #expect(
                    try tx.asset("SN-FORCE-GENERIC")
                        == Asset(
                            serial: "SN-FORCE-GENERIC", sku: "BOILER-X", customerID: "C-ELM",
                            installedOn: Fixtures.day("2025-06-01"),
                            region: "NORTH", forceGenericWarranty: true,
                            warranty: AssetWarranty(
                                template: "WT-STD", start: Fixtures.day("2025-06-01"), end: Fixtures.day("2028-05-31")))
                )
                #expect(
                    try tx.template("WT-GEN12-OLD")
                        == WarrantyTemplate(
                            id: "WT-GEN12-OLD", name: "Generic warranty, 12 months (withdrawn end of 2024)",
                            coverage: CoveragePercents(parts: 100, labour: 100, travel: 0, expenses: 0), months: 12,
                            effective: Fixtures.day("2020-01-01"), expiry: Fixtures.day("2024-12-31")))
                #expect(
                    try tx.spent(serial: "SN-CAP-USED") == [
                        WarrantyKey(serial: "SN-CAP-USED", kind: .asset, template: "WT-CAP"): Money(minorUnits: 100_000)
                    ])
                // Stock counts came in as receipts at their unit cost: 3 control boards at 150.00
                #expect(try tx.stockLevel(sku: "P-BOARD", bin: "WH-N-A1").map { [$0.onHand, $0.reserved] } == [2, 0])
                #expect(try tx.valuation("P-BOARD") == Valuation(quantity: 3, value: Money(minorUnits: 45_000)))
                #expect(try tx.stockProblems() == [])
                #expect(
                    try tx.contract("SC-100")
                        == ServiceContract(
                            number: "SC-100", customerID: "C-BLUM", tier: "Gold", regions: ["SOUTH"], status: .released,
                            start: Fixtures.day("2026-01-01"), end: Fixtures.day("2026-12-31"),
                            fee: Money(minorUnits: 480_000),
                            coveredSerials: ["SN-CONTRACT-OK"], excludedCategories: ["Electronic Parts"],
                            coverage: CoveragePercents(parts: 100, labour: 100, travel: 100, expenses: 0),
                            deductible: Money(minorUnits: 5_000)))
                #expect(try tx.contract("SC-200")?.balance == .minutes(120))
                #expect(try tx.contract("SC-300")?.balance == .money(Money(minorUnits: 25_000)))
                #expect(try tx.contract("SC-101")?.status == .inPreparation)
                #expect(
                    try tx.rules(region: "SOUTH") == [
                        EntitlementRule(region: "SOUTH", responseHours: 24, extensionMonths: 6),
                        EntitlementRule(region: "SOUTH", tier: "Gold", responseHours: 4, travelCovered: true),
                    ])
                #expect(
                    try tx.bin("VAN-TIA")
                        == Bin(id: "VAN-TIA", warehouse: "Tia's van", region: "SOUTH", kind: .van, technician: "tia"))
                #expect(
                    try tx.resolutionCode("FIXED")
                        == ResolutionCode(code: "FIXED", description: "Repaired on site without parts"))
            }
        }
    }

    @Test(
        "Loading the same dataset twice updates the records instead of duplicating them (SQLite)",
        arguments: Storage.sqlite)
    func loadTwice(_ storage: Storage) throws {
        try withStore(storage, seeded: false) { db throws in
            // Given
            try load(trainingDirectory, into: db)
            let once = try snapshot(db)

            // When
            try load(trainingDirectory, into: db)

            // Then: the same master data, and an audit entry that changed nothing
            var twice = try snapshot(db)
            for table in ["audit_entry", "audit_subject", "sqlite_sequence"] {
                #expect(twice.removeValue(forKey: table) != nil)
            }
            var expected = once
            for table in ["audit_entry", "audit_subject", "sqlite_sequence"] { expected.removeValue(forKey: table) }
            #expect(twice == expected)
            #expect(try db.read { try $0.auditEntries() }.last?.changedTables == [])
        }
    }

    @Test("Loading a changed copy of a dataset updates exactly what changed")
    func loadChangedCopy() throws {
        try withTemporaryDirectory { dir throws in
            try withStore(.memory, seeded: false) { db throws in
                // Given
                try load(trainingDirectory, into: db)
                for name in try FileManager.default.contentsOfDirectory(atPath: trainingDirectory)
                where name.hasSuffix(".json") {
                    try FileManager.default.copyItem(
                        atPath: (trainingDirectory as NSString).appendingPathComponent(name), toPath: dir.file(name))
                }
                let customers = try String(contentsOfFile: dir.file("customers.json"), encoding: .utf8)
                try dir.write(
                    "customers.json",
                    customers.replacingOccurrences(of: "\"Acme Bakery\"", with: "\"Acme Bakery & Sons\""))
                let spend = try String(contentsOfFile: dir.file("warranty-spend.json"), encoding: .utf8)
                try dir.write("warranty-spend.json", spend.replacingOccurrences(of: "\"900.00\"", with: "\"450.00\""))
                let contracts = try String(contentsOfFile: dir.file("contracts.json"), encoding: .utf8)
                try dir.write(
                    "contracts.json",
                    contracts.replacingOccurrences(
                        of: "\"serials\": [\"SN-MINUTES\"]", with: "\"serials\": [\"SN-MINUTES\", \"SN-BALANCE\"]"))

                // When
                try load(dir.path, into: db)

                // Then
                #expect(try db.read { try $0.customer("C-ACME")?.name } == "Acme Bakery & Sons")
                #expect(
                    try db.read { try $0.spent(serial: "SN-CAP-LOW") } == [
                        WarrantyKey(serial: "SN-CAP-LOW", kind: .asset, template: "WT-CAP"): Money(minorUnits: 45_000)
                    ])
                #expect(try db.read { try $0.contract("SC-200")?.coveredSerials } == ["SN-MINUTES", "SN-BALANCE"])
                #expect(try db.read { try $0.auditEntries() }.last?.changedTables == ["contract_serial", "customer"])
                #expect(try tableCounts(db)["customer"] == 8)
            }
        }
    }
}
