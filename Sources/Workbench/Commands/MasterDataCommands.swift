import ServiceCore
import ServiceStore

/// Admin edits of the master data the rules read. Each is audited and undoable, and the open
/// cases it may affect get their closure state recomputed (a verification may now be stale).
enum MasterDataCommands {
    static let all: [CommandSpec] = [
        contractStatus, contractRelease, contractBlock, contractCover, contractUncover,
        assetRegion, assetWarranty, assetForceGeneric, assetReviewed, customerReviewed, templateDates,
    ]

    static let contract = Argument("contract", .contract, "the contract")
    static let asset = Argument("serial", .serial, "the asset")
    static let warrantyTemplate = Argument("template", .template, "the warranty template")

    private static func edit(
        _ inv: Invocation, _ s: Session, label: String,
        _ body: (StoreTransaction) throws -> (message: String, affected: [CaseID])
    ) throws -> CommandResult {
        try s.authorize(.editMasterData)
        return try s.write(inv, label: label) { tx, refresh in
            let (message, affected) = try body(tx)
            refresh.formUnion(affected)
            let note =
                affected.isEmpty ? "" : "; \(plural(affected.count, "open case")) to check: verify again if stale"
            return CommandResult(command: inv.spec.name, message: message + note)
        }
    }

    private static func setStatus(_ inv: Invocation, _ s: Session, _ status: ContractStatus) throws -> CommandResult {
        let number = inv[contract]
        return try edit(inv, s, label: "contract \(number) \(status.rawValue)") { tx in
            var c = try tx.existingContract(number)
            let was = c.status
            c.status = status
            try tx.saveContract(c)
            return ("contract \(number): \(was.label) → \(status.label)", try tx.openCases(customerID: c.customerID))
        }
    }

    enum SetContractStatus {
        static let status = Argument("status", .choice(ContractStatus.allCases), "the new status")
    }

    static let contractStatus = CommandSpec(
        "contract status", "Set a contract's status",
        arguments: [contract, SetContractStatus.status],
        permission: .editMasterData, effect: .write
    ) { inv, s in try setStatus(inv, s, inv[SetContractStatus.status]) }

    static let contractRelease = CommandSpec(
        "contract release", "Release a contract (it covers from now on)",
        arguments: [contract], permission: .editMasterData, effect: .write
    ) { inv, s in try setStatus(inv, s, .released) }

    static let contractBlock = CommandSpec(
        "contract block", "Block a contract (it stops covering)",
        arguments: [contract], permission: .editMasterData, effect: .write
    ) { inv, s in try setStatus(inv, s, .blocked) }

    enum Coverage {
        static let serial = Argument("serial", .serial, "the serial")
    }

    private static func coverage(_ add: Bool) -> CommandSpec {
        let name = add ? "contract cover" : "contract uncover"
        return CommandSpec(
            name, add ? "List a serial as covered by a contract" : "Remove a serial from a contract's covered objects",
            arguments: [contract, Coverage.serial],
            permission: .editMasterData, effect: .write
        ) { inv, s in
            let number = inv[contract]
            let serial = inv[Coverage.serial]
            return try edit(inv, s, label: "\(name) \(number) \(serial)") { tx in
                var c = try tx.existingContract(number)
                if add {
                    let asset = try tx.existingAsset(serial)
                    guard asset.customerID == c.customerID else {
                        throw InputError(
                            "\(name): \(serial) belongs to customer \(asset.customerID), contract \(number) to \(c.customerID)"
                        )
                    }
                    guard c.coveredSerials.insert(serial).inserted else {
                        throw InputError("\(name): contract \(number) already lists \(serial)")
                    }
                } else {
                    guard c.coveredSerials.remove(serial) != nil else {
                        throw InputError("\(name): contract \(number) does not list \(serial)")
                    }
                }
                try tx.saveContract(c)
                return (
                    "contract \(number) \(add ? "now lists" : "no longer lists") \(serial)",
                    try tx.openCases(serial: serial)
                )
            }
        }
    }

    static let contractCover = coverage(true)
    static let contractUncover = coverage(false)

    /// `readByRules`: whether the change is to something the entitlement engine reads.
    private static func editAsset(
        _ inv: Invocation, _ s: Session, label: String, readByRules: Bool = true,
        _ change: (inout Asset, StoreTransaction) throws -> String
    ) throws -> CommandResult {
        let serial = inv[asset]
        return try edit(inv, s, label: label) { tx in
            var a = try tx.existingAsset(serial)
            let message = try change(&a, tx)
            try tx.saveAsset(a)
            return (message, readByRules ? try tx.openCases(serial: serial) : [])
        }
    }

    enum AssetRegion {
        static let region = Argument("region", .region, "the region")
    }

    static let assetRegion = CommandSpec(
        "asset region", "Set an asset's site region",
        arguments: [asset, AssetRegion.region],
        permission: .editMasterData, effect: .write
    ) { inv, s in
        let region = inv[AssetRegion.region]
        return try editAsset(inv, s, label: "asset \(inv[asset]) region \(region)") { a, _ in
            let was = a.region
            a.region = region
            return "asset \(a.serial): region \(was) → \(region)"
        }
    }

    enum OwnWarranty {
        static let start = Argument("start", .date, "first day"), end = Argument("end", .date, "last day")
    }

    static let assetWarranty = CommandSpec(
        "asset warranty", "Give an asset its own warranty: a template and this asset's dates",
        arguments: [asset, warrantyTemplate, OwnWarranty.start, OwnWarranty.end],
        permission: .editMasterData, effect: .write
    ) { inv, s in
        let template = inv[warrantyTemplate]
        let start = inv[OwnWarranty.start]
        let end = inv[OwnWarranty.end]
        guard end >= start else { throw InputError("asset warranty: the end \(end) is before the start \(start)") }
        return try editAsset(inv, s, label: "asset \(inv[asset]) warranty \(template)") { a, tx in
            guard try tx.template(template) != nil else {
                throw InputError("asset warranty: no warranty template \(template)")
            }
            a.warranty = AssetWarranty(template: template, start: start, end: end)
            return "asset \(a.serial): warranty \(template) \(start) to \(end)"
        }
    }

    enum AssetForceGeneric {
        static let setting = Argument("setting", .choice(["on", "off"]), "on or off")
    }

    static let assetForceGeneric = CommandSpec(
        "asset force-generic", "Make entitlement pass over an asset's own warranty (on), or not (off)",
        arguments: [asset, AssetForceGeneric.setting],
        permission: .editMasterData, effect: .write
    ) { inv, s in
        let on = inv[AssetForceGeneric.setting] == "on"
        return try editAsset(inv, s, label: "asset \(inv[asset]) force-generic \(on ? "on" : "off")") { a, _ in
            a.forceGenericWarranty = on
            return "asset \(a.serial): force generic warranty \(on ? "on" : "off")"
        }
    }

    static let assetReviewed = CommandSpec(
        "asset reviewed", "Mark an asset created during a call as reviewed",
        arguments: [asset], permission: .editMasterData, effect: .write
    ) { inv, s in
        try editAsset(inv, s, label: "asset \(inv[asset]) reviewed", readByRules: false) { a, _ in
            guard a.needsReview else { throw InputError("asset reviewed: \(a.serial) is not waiting for review") }
            a.needsReview = false
            return "asset \(a.serial) reviewed"
        }
    }

    enum CustomerReviewed {
        static let customer = Argument("customer", .customer, "the customer")
    }

    static let customerReviewed = CommandSpec(
        "customer reviewed", "Mark a customer created during a call as reviewed",
        arguments: [CustomerReviewed.customer], permission: .editMasterData, effect: .write
    ) { inv, s in
        let id = inv[CustomerReviewed.customer]
        return try edit(inv, s, label: "customer \(id) reviewed") { tx in
            guard var c = try tx.customer(id) else { throw InputError("no customer \(id)") }
            guard c.needsReview else { throw InputError("customer reviewed: \(id) is not waiting for review") }
            c.needsReview = false
            try tx.saveCustomer(c)
            return ("customer \(id) reviewed", [])
        }
    }

    enum TemplateDates {
        static let effective = Argument("effective", .date, "first day"), expiry = Argument("expiry", .date, "last day")
    }

    static let templateDates = CommandSpec(
        "template dates", "Set a generic warranty's effective and expiry dates",
        arguments: [warrantyTemplate, TemplateDates.effective, TemplateDates.expiry],
        permission: .editMasterData, effect: .write
    ) { inv, s in
        let id = inv[warrantyTemplate]
        let eff = inv[TemplateDates.effective]
        let exp = inv[TemplateDates.expiry]
        guard exp >= eff else { throw InputError("template dates: expiry \(exp) is before effective \(eff)") }
        return try edit(inv, s, label: "template \(id) dates") { tx in
            guard var t = try tx.template(id) else { throw InputError("no warranty template \(id)") }
            t.effective = eff
            t.expiry = exp
            try tx.saveTemplate(t)
            return ("warranty template \(id): effective \(eff) to \(exp)", try tx.openCases(template: id))
        }
    }
}
