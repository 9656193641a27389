import Testing

@testable import ServiceCore

private func at(_ hhmm: String) -> Timestamp { Timestamp(parsing: "2026-06-15T\(hhmm)")! }
private let twoHours: Int64 = 7_200

@Suite("A technician's next free slot")
struct VisitSlotTests {
    @Test("With nothing planned, the slot starts when asked")
    func nothingPlanned() {
        #expect(VisitSlot.firstFree(from: at("09:00"), length: twoHours, busy: []) == at("09:00"))
    }

    @Test("A visit in the way moves the slot to its end; one ending as the slot starts is not in the way")
    func movesPastVisits() {
        // Given visits 08:00–10:00 and 10:30–12:00
        let busy = [(at("10:30"), at("12:00")), (at("08:00"), at("10:00"))]
        // When asked from 09:00 for two hours, Then 10:00–12:00 overlaps the second: from 12:00
        #expect(VisitSlot.firstFree(from: at("09:00"), length: twoHours, busy: busy) == at("12:00"))
        // When asked from 10:00 for half an hour, Then 10:00–10:30 fits between them
        #expect(VisitSlot.firstFree(from: at("10:00"), length: 1_800, busy: busy) == at("10:00"))
        // When asked from 07:00 for one hour, Then 07:00–08:00 fits before the first
        #expect(VisitSlot.firstFree(from: at("07:00"), length: 3_600, busy: busy) == at("07:00"))
    }

    @Test("Overlapping and nested visits are one busy stretch")
    func overlapping() {
        let busy = [(at("09:00"), at("13:00")), (at("10:00"), at("11:00")), (at("12:30"), at("14:00"))]
        #expect(VisitSlot.firstFree(from: at("09:30"), length: twoHours, busy: busy) == at("14:00"))
    }

    @Test("A proposal starts at the next whole hour")
    func nextHour() {
        #expect(VisitSlot.nextHour(after: at("09:20")) == at("10:00"))
        #expect(VisitSlot.nextHour(after: at("10:00")) == at("11:00"))
    }
}
