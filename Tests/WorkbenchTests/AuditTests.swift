import ServiceCore
import Testing

@testable import ServiceStore
@testable import Workbench

@Suite("The audit trail from the command language: a case's history with its refusals, the chain verified")
struct AuditTests {
    @Test("A refused command leaves a security event that `audit show` lists with the case's history")
    func refusalInHistory() throws {
        let desk = try Desk()
        try runAll(desk, "as agnes\nopen C-X SN-X Heater trips the breaker")
        #expect(try desk.run("as arun\nclose 1").last?.failure == .refused)
        let history = try #require(try desk.session("sam").run("audit show 1"))
        #expect(history.message == "case 1: 2 audit entries")
        #expect(
            history.details.first?.hasSuffix(
                "trainer (as agnes) command: open C-X SN-X Heater trips the breaker — changed entitlement_check, service_case"
            ) == true)
        #expect(
            history.details.last?.hasSuffix(
                "trainer (as arun) REFUSED: close 1 — case 1 is assigned to agnes; an agent may close cases on own cases only"
            ) == true)
        #expect(try desk.session("agnes").run("audit show 1")?.failure == .refused)
    }

    @Test("`audit verify` holds on a trail commands wrote, and names the entry someone edited behind its back (SQLite)")
    func verify() throws {
        let desk = try Desk(sqliteOnly: true)
        try runAll(desk, Closed.warranty)
        let ok = try #require(try desk.session("ada").run("audit verify"))
        #expect(ok.ok && ok.message.hasPrefix("the audit trail holds: "))
        try desk.tamper("DROP TRIGGER audit_no_edit; UPDATE audit_entry SET command = 'close 2' WHERE id = 3")
        let broken = try #require(try desk.session("ada").run("audit verify"))
        #expect(broken.failure == .invalid)
        #expect(broken.message == "the audit trail is broken: entry 3 was edited: its contents do not match its hash")
        #expect(try desk.session("sam").run("audit verify")?.failure == .refused)
    }
}
