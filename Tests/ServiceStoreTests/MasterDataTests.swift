import Foundation
import GRDB
import ServiceCore
import Testing

@testable import ServiceStore

@Suite("Master data")
struct MasterDataTests {
    @Test("Every kind of master data reads back exactly as it was saved", arguments: Storage.allCases)
    func roundTrip(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            let van = Bin(id: "VAN-TOM", warehouse: "Tom's van", region: "NORTH", kind: .van, technician: "tom")
            let prepaid = ServiceContract(
                number: "SC-2", customerID: "C-CORV", tier: "Silver", regions: ["WEST", "EAST"],
                status: .inPreparation, start: Fixtures.day("2026-07-01"), end: Fixtures.day("2027-06-30"),
                coveredSerials: ["SN-3", "SN-4"],
                coverage: CoveragePercents(parts: 100, labour: 80, travel: 0, expenses: 10),
                balance: .money(Money(minorUnits: 25_000)))
            let rules = [
                EntitlementRule(region: "SOUTH", responseHours: 24, extensionMonths: 6),
                EntitlementRule(region: "SOUTH", tier: "Gold", responseHours: 4, travelCovered: true),
            ]

            // When
            try db.perform(Fixtures.command("more master data")) { tx in
                try tx.saveBin(van)
                try tx.saveContract(prepaid)
                for r in rules.reversed() { try tx.saveRule(r) }
            }

            // Then
            try db.read { tx throws in
                #expect(
                    try tx.users() == [
                        Fixtures.ada, Fixtures.adam, Fixtures.agnes, Fixtures.arun, Fixtures.sam, Fixtures.tina,
                        Fixtures.tom,
                    ])
                #expect(try tx.user("tom") == Fixtures.tom)
                #expect(try tx.customer("C-ACME") == Fixtures.acme)
                #expect(try tx.customer("C-CORV") == Fixtures.corv)
                #expect(try tx.template("WT-STD") == Fixtures.standard)
                #expect(try tx.template("WT-GEN24") == Fixtures.generic)
                #expect(try tx.item("PUMP-200") == Fixtures.pump)
                #expect(try tx.item("P-SEAL") == Fixtures.seal)
                #expect(try tx.asset("SN-1") == Fixtures.sn1)
                #expect(try tx.asset("SN-2") == Fixtures.sn2)
                #expect(try tx.contract("SC-1") == Fixtures.gold)
                var expected = prepaid
                expected.regions = ["EAST", "WEST"] // read back in order
                #expect(try tx.contract("SC-2") == expected)
                #expect(try tx.rules(region: "SOUTH") == rules)
                #expect(try tx.rules(region: "MARS") == [])
                #expect(try tx.bin("VAN-TOM") == van)
                #expect(try tx.bin("WH-N-A1") == Fixtures.shelf)
                #expect(try tx.customer("C-NOBODY") == nil)
                #expect(try tx.contract("SC-404") == nil)
            }
        }
    }

    @Test("Saving a record again updates it by its key instead of adding one", arguments: Storage.allCases)
    func upsert(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            var acme = Fixtures.acme
            acme.name = "Acme Bakery Ltd"
            acme.region = "EAST"
            acme.needsReview = true
            var asset = Fixtures.sn1
            asset.warranty = nil
            asset.forceGenericWarranty = true
            var contract = Fixtures.gold
            contract.status = .expired
            contract.balance = nil
            contract.deductible = .zero
            var tom = Fixtures.tom
            tom.labourRate = Money(minorUnits: 7_200)
            tom.disabled = true
            let counts = try tableCounts(db)

            // When
            try db.perform(Fixtures.command("edit")) { tx in
                try tx.saveCustomer(acme)
                try tx.saveAsset(asset)
                try tx.saveContract(contract)
                try tx.updateUser(tom)
                try tx.saveRule(EntitlementRule(region: "NORTH", responseHours: 8))
                try tx.saveRule(EntitlementRule(region: "NORTH", responseHours: 6, travelCovered: false))
            }

            // Then
            try db.read { tx throws in
                #expect(try tx.customer("C-ACME") == acme)
                #expect(try tx.asset("SN-1") == asset)
                #expect(try tx.contract("SC-1") == contract)
                #expect(try tx.user("tom") == tom)
                #expect(
                    try tx.rules(region: "NORTH") == [
                        EntitlementRule(region: "NORTH", responseHours: 6, travelCovered: false)
                    ])
            }
            var after = try tableCounts(db)
            #expect(after.removeValue(forKey: "entitlement_rule") == 1)
            for table in ["audit_entry", "audit_subject", "undo_entry", "sqlite_sequence"] {
                after[table] = counts[table]
            }
            var expected = counts
            expected.removeValue(forKey: "entitlement_rule")
            #expect(after == expected)
        }
    }

    @Test("Saving a contract changes only the region, serial and exclusion rows that differ")
    func contractListsDiff() throws {
        try withStore(.memory) { db throws in
            // Given
            var contract = Fixtures.gold
            contract.regions = ["SOUTH", "NORTH"]
            contract.coveredSerials = ["SN-3"]

            // When
            try db.perform(Fixtures.command("edit contract")) { try $0.saveContract(contract) }

            // Then
            #expect(
                try latestAuditChanges(db) == [
                    RowChange(
                        table: "contract_region", before: nil,
                        after: ["contract": .text("SC-1"), "region": .text("NORTH")]),
                    RowChange(
                        table: "contract_serial", before: ["contract": .text("SC-1"), "serial": .text("SN-2")],
                        after: nil),
                    RowChange(
                        table: "contract_serial", before: nil,
                        after: ["contract": .text("SC-1"), "serial": .text("SN-3")]),
                ])
            var expected = contract
            expected.regions = ["NORTH", "SOUTH"]
            #expect(try db.read { try $0.contract("SC-1") } == expected)
            #expect(try db.read { try $0.contracts(customerID: "C-BLUM") } == [expected])
            #expect(try db.read { try $0.contracts(customerID: "C-ACME") } == [])
        }
    }

    @Test("Completion finds customers by the start of their id or name, in id order, up to the limit")
    func customerCompletion() throws {
        try withStore(.memory) { db throws in
            // Given the three fixture customers
            try db.read { tx throws in
                // When / Then
                #expect(try tx.customers(matching: "C-").map(\.id) == ["C-ACME", "C-BLUM", "C-CORV"])
                #expect(try tx.customers(matching: "C-", limit: 2).map(\.id) == ["C-ACME", "C-BLUM"])
                #expect(try tx.customers(matching: "Blu").map(\.id) == ["C-BLUM"])
                #expect(try tx.customers(matching: "corvin").map(\.id) == ["C-CORV"])
                #expect(try tx.customers(matching: "Bakery").map(\.id) == [])
                #expect(try tx.customers(matching: "%Bakery").map(\.id) == [])
                // "_" is a letter to search for, not a LIKE wildcard
                #expect(try tx.customers(matching: "C_").map(\.id) == [])
                #expect(try tx.customers(matching: "").map(\.id) == ["C-ACME", "C-BLUM", "C-CORV"])
            }
        }
    }

    @Test("Completion finds serials by prefix; of one customer, by any part, those starting with it first")
    func assetCompletion() throws {
        try withStore(.memory) { db throws in
            // Given the three fixture assets, and two more of Blum's
            try db.perform(Fixtures.command("edit")) { tx in
                for serial in ["W7-SN-9", "SN-4471-W7"] {
                    var asset = Fixtures.sn2
                    asset.serial = serial
                    try tx.saveAsset(asset)
                }
            }
            try db.read { tx throws in
                // When Blum's serials are looked up by a part of them
                // Then each that holds it is found, the one starting with it first
                #expect(try tx.assets(matching: "w7", customerID: "C-BLUM").map(\.serial) == ["W7-SN-9", "SN-4471-W7"])
                #expect(try tx.assets(matching: "2", customerID: "C-BLUM").map(\.serial) == ["SN-2"])
                #expect(
                    try tx.assets(matching: "", customerID: "C-BLUM").map(\.serial) == [
                        "SN-2", "SN-4471-W7", "W7-SN-9",
                    ])
                // And without a customer, by its start only
                #expect(try tx.assets(matching: "W7").map(\.serial) == ["W7-SN-9"])
            }
            try db.read { tx throws in
                // When / Then
                #expect(try tx.assets(matching: "SN-").map(\.serial) == ["SN-1", "SN-2", "SN-3", "SN-4471-W7"])
                #expect(try tx.assets(matching: "SN-", customerID: "C-ACME").map(\.serial) == ["SN-1"])
                #expect(try tx.assets(matching: "SN-", limit: 1).map(\.serial) == ["SN-1"])
                #expect(try tx.assets(matching: "SN-2", customerID: "C-ACME").map(\.serial) == [])
            }
        }
    }

    @Test(
        "Spent amounts add up per asset and warranty, never on the shared template (SQLite)", arguments: Storage.sqlite)
    func spentAmounts(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            let sn1Asset = WarrantyKey(serial: "SN-1", kind: .asset, template: "WT-STD")
            let sn1Generic = WarrantyKey(serial: "SN-1", kind: .generic, template: "WT-GEN24")
            let sn2Generic = WarrantyKey(serial: "SN-2", kind: .generic, template: "WT-GEN24")

            // When
            try db.perform(Fixtures.command("close cases", undoable: false)) { tx in
                try tx.addSpent(sn1Asset, Money(minorUnits: 10_000))
                try tx.addSpent(sn1Asset, Money(minorUnits: 5_050))
                try tx.addSpent(sn1Generic, Money(minorUnits: 700))
                try tx.addSpent(sn2Generic, Money(minorUnits: 1))
            }

            // Then
            #expect(
                try db.read { try $0.spent(serial: "SN-1") } == [
                    sn1Asset: Money(minorUnits: 15_050), sn1Generic: Money(minorUnits: 700),
                ])
            #expect(try db.read { try $0.spent(serial: "SN-2") } == [sn2Generic: Money(minorUnits: 1)])
            #expect(try db.read { try $0.spent(serial: "SN-3") } == [:])
            let error = #expect(throws: DatabaseError.self) {
                try db.perform(Fixtures.command("overspend")) { try $0.addSpent(sn2Generic, Money(minorUnits: -2)) }
            }
            #expect(error?.message == "CHECK constraint failed: spent >= 0")
        }
    }

    @Test("The schema refuses values the rules forbid")
    func constraints() throws {
        try withStore(.memory) { db throws in
            // Given
            var badPercent = Fixtures.standard
            badPercent.id = "WT-BAD"
            badPercent.coverage.parts = 101
            var badRate = Fixtures.tom
            badRate.account = "tim"
            badRate.labourRate = Money(minorUnits: -1)

            // When / Then
            let percent = #expect(throws: DatabaseError.self) {
                try db.perform(Fixtures.command("t")) { try $0.saveTemplate(badPercent) }
            }
            #expect(percent?.message == "CHECK constraint failed: parts_pct BETWEEN 0 AND 100")
            let rate = #expect(throws: DatabaseError.self) {
                try db.perform(Fixtures.command("u")) { try $0.insertUser(badRate) }
            }
            #expect(rate?.message == "CHECK constraint failed: labour_rate >= 0")
            let twice = #expect(throws: DatabaseError.self) {
                try db.perform(Fixtures.command("u")) { try $0.insertUser(Fixtures.tom) }
            }
            #expect(twice?.message == "UNIQUE constraint failed: app_user.account")
            #expect(try db.read { try $0.template("WT-BAD") } == nil)
        }
    }
}
