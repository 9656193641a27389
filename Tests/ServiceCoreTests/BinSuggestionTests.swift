import Testing

@testable import ServiceCore

// Parts rules that need no database: which bin to reserve from, and what a reservation's
// status is.

/// How much of the part a bin holds: `onHand` − `reserved` is available.
private func level(
    _ id: String, _ region: String, kind: BinKind = .shelf, technician: String? = nil,
    onHand: Int, reserved: Int = 0
) -> StockLevel {
    StockLevel(
        sku: "P-SEAL", bin: Bin(id: id, warehouse: "Depot", region: region, kind: kind, technician: technician),
        onHand: onHand, reserved: reserved)
}

private func order(_ levels: [StockLevel], quantity: Int, technician: String?, region: String = "NORTH") -> [String] {
    BinSuggestion.order(levels, quantity: quantity, technician: technician, region: region).map(\.bin.id)
}

@Suite("Bin suggestion: the van, then the region, then the rest")
struct BinSuggestionTests {
    @Test("The visit technician's van comes first, then the case's region, then the rest, even with less available")
    func vanThenRegionThenRest() {
        // Given Tom's van (in WEST, 2 available), a NORTH shelf (5) and a SOUTH shelf (9), in no useful order
        let levels = [
            level("WH-S-1", "SOUTH", onHand: 9), level("WH-N-1", "NORTH", onHand: 6, reserved: 1),
            level("VAN-TOM", "WEST", kind: .van, technician: "tom", onHand: 2),
        ]

        // When 2 are wanted for a NORTH case that Tom visits
        // Then the van, then the region, then the rest
        #expect(order(levels, quantity: 2, technician: "tom") == ["VAN-TOM", "WH-N-1", "WH-S-1"])
    }

    @Test("Another technician's van counts only by its region; without a technician no van is first")
    func otherVans() {
        // Given Uma's van in NORTH (8), Tom's van in SOUTH (3), a NORTH shelf (4), a SOUTH shelf (9)
        let levels = [
            level("VAN-UMA", "NORTH", kind: .van, technician: "uma", onHand: 8),
            level("VAN-TOM", "SOUTH", kind: .van, technician: "tom", onHand: 3),
            level("WH-N-1", "NORTH", onHand: 4), level("WH-S-1", "SOUTH", onHand: 9),
        ]

        // When Tom visits: his van; then NORTH by availability (8, 4); then the rest
        #expect(order(levels, quantity: 1, technician: "tom") == ["VAN-TOM", "VAN-UMA", "WH-N-1", "WH-S-1"])
        // When nobody is planned: NORTH (8, 4), then SOUTH by availability (9, 3)
        #expect(order(levels, quantity: 1, technician: nil) == ["VAN-UMA", "WH-N-1", "WH-S-1", "VAN-TOM"])
        // When Uma visits: her van, then NORTH (4), then SOUTH (9, 3)
        #expect(order(levels, quantity: 1, technician: "uma") == ["VAN-UMA", "WH-N-1", "WH-S-1", "VAN-TOM"])
    }

    @Test("Bins without enough available come after every bin with enough, ranked the same way among themselves")
    func enoughFirst() {
        // Given Tom's van with 5 on hand but 3 reserved (2 available), a NORTH shelf with exactly 3,
        // a SOUTH shelf with 10, a NORTH shelf with none available (4 on hand, 4 reserved)
        let levels = [
            level("VAN-TOM", "NORTH", kind: .van, technician: "tom", onHand: 5, reserved: 3),
            level("WH-N-2", "NORTH", onHand: 4, reserved: 4),
            level("WH-S-1", "SOUTH", onHand: 10),
            level("WH-N-1", "NORTH", onHand: 3),
        ]

        // When 3 are wanted
        // Then WH-N-1 (region, exactly 3) and WH-S-1 (rest, 10) have enough; then the van (2), then WH-N-2 (0)
        #expect(order(levels, quantity: 3, technician: "tom") == ["WH-N-1", "WH-S-1", "VAN-TOM", "WH-N-2"])
        // When 2 are wanted, the van has enough again and leads
        #expect(order(levels, quantity: 2, technician: "tom") == ["VAN-TOM", "WH-N-1", "WH-S-1", "WH-N-2"])
        // When 11 are wanted, nobody has enough: the usual ranking
        #expect(order(levels, quantity: 11, technician: "tom") == ["VAN-TOM", "WH-N-1", "WH-N-2", "WH-S-1"])
    }

    @Test("Cores bins are never suggested, however much they hold")
    func noCores() {
        // Given a NORTH cores bin with 50 cores, and a NORTH refurb bin with 1
        let levels = [
            level("CORES-N", "NORTH", kind: .cores, onHand: 50), level("REFURB-N", "NORTH", kind: .refurb, onHand: 1),
        ]

        // Then only the refurb bin is suggested; with only cores, nothing is
        #expect(order(levels, quantity: 1, technician: nil) == ["REFURB-N"])
        #expect(order([levels[0]], quantity: 1, technician: nil) == [])
        #expect(order([], quantity: 1, technician: "tom") == [])
    }

    @Test("Ties in rank go to the bin with more available, then to the lower id")
    func ties() {
        // Given three NORTH shelves with 5, 5 and 7 available, and two SOUTH ones with 6 each
        let levels = [
            level("WH-N-B", "NORTH", onHand: 5), level("WH-S-Z", "SOUTH", onHand: 6),
            level("WH-N-A", "NORTH", onHand: 9, reserved: 4), level("WH-N-C", "NORTH", onHand: 7),
            level("WH-S-Y", "SOUTH", onHand: 6),
        ]

        // When 1 is wanted for a NORTH case
        // Then NORTH: 7 first, then the two 5s by id; SOUTH: the two 6s by id
        #expect(order(levels, quantity: 1, technician: nil) == ["WH-N-C", "WH-N-A", "WH-N-B", "WH-S-Y", "WH-S-Z"])
    }
}

@Suite("Reservation status")
struct ReservationStatusTests {
    @Test(
        "Every combination of used, released and cancelled for a reservation of 2",
        arguments: [
            // (used, released, cancelled) → status, remaining
            (0, 0, false, ReservationStatus.reserved, 2),
            (0, 1, false, .reserved, 1), // some given back, nothing used: still reserved
            (1, 0, false, .partiallyUsed, 1),
            (0, 2, false, .released, 0),
            (1, 1, false, .consumed, 0), // nothing held any more, some used
            (2, 0, false, .consumed, 0),
            (0, 0, true, .cancelled, 2),
            (0, 1, true, .cancelled, 1),
            (1, 0, true, .cancelled, 1),
            (0, 2, true, .cancelled, 0),
            (1, 1, true, .cancelled, 0),
            (2, 0, true, .cancelled, 0),
        ])
    func status(used: Int, released: Int, cancelled: Bool, expected: ReservationStatus, remaining: Int) {
        // Given a reservation of 2 with that much used and released
        let r = Reservation(
            id: ReservationID(1), caseID: CaseID(1), sku: "P-SEAL", bin: "VAN-TOM", quantity: 2,
            used: used, released: released, cancelled: cancelled)
        // Then its status and what it still holds
        #expect(r.status == expected)
        #expect(r.remaining == remaining)
        #expect(r.isOpen == (remaining > 0))
    }

    @Test(
        "Partly used and partly given back with some still held is partially used; a reservation of 1 goes straight to consumed"
    )
    func largerAndSmaller() {
        // Given a reservation of 5: 2 used, 1 released, 2 still held
        let five = Reservation(
            id: ReservationID(1), caseID: CaseID(1), sku: "P-SEAL", bin: "B", quantity: 5, used: 2, released: 1)
        #expect(five.status == .partiallyUsed)
        #expect(five.remaining == 2)
        // Given a reservation of 1, used
        let one = Reservation(id: ReservationID(2), caseID: CaseID(1), sku: "P-SEAL", bin: "B", quantity: 1, used: 1)
        #expect(one.status == .consumed)
        #expect(!one.isOpen)
        // And the statuses' names are the domain's
        #expect(
            ReservationStatus.allCases.map(\.rawValue) == [
                "reserved", "partially-used", "consumed", "released", "cancelled",
            ])
    }
}
