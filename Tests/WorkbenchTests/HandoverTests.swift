import Foundation
import Synchronization
import Testing

@testable import Workbench

/// The queue between the generator's stages: what goes in comes out in order, a full one holds
/// the giver, and closing it lets either side go.
@Suite("The generator's hand-over between two threads")
struct HandoverTests {
    /// Runs `body` on a thread of its own; the semaphore is signalled when it has returned.
    private func onThread(_ body: @escaping @Sendable () -> Void) -> DispatchSemaphore {
        let finished = DispatchSemaphore(value: 0)
        Thread {
            body()
            finished.signal()
        }.start()
        return finished
    }

    @Test("A thousand items given on one thread are taken on another in the order given, then nothing once closed")
    func inOrder() {
        let handover = Handover<Int>(capacity: 3)
        let given = onThread {
            for i in 0..<1000 { _ = handover.put(i) }
            handover.close()
        }
        var taken: [Int] = []
        while let i = handover.take() { taken.append(i) }
        #expect(given.wait(timeout: .now() + 10) == .success)
        #expect(taken == Array(0..<1000))
    }

    @Test("A full hand-over holds the giver until an item is taken")
    func fullHoldsTheGiver() {
        let handover = Handover<Int>(capacity: 2)
        #expect(handover.put(1) && handover.put(2))
        let third = Mutex<Bool?>(nil)
        let given = onThread {
            let put = handover.put(3)
            third.withLock { $0 = put }
        }
        // Given time to put the third, it has not: there is no room.
        #expect(given.wait(timeout: .now() + 0.2) == .timedOut)
        #expect(third.withLock { $0 } == nil)
        #expect(handover.take() == 1)
        #expect(given.wait(timeout: .now() + 10) == .success)
        #expect(third.withLock { $0 } == true)
        #expect(handover.take() == 2)
        #expect(handover.take() == 3)
    }

    @Test("Closed by the taker, a giver waiting for room is let go, its item refused, and so is any after")
    func closedByTheTaker() {
        let handover = Handover<Int>(capacity: 1)
        #expect(handover.put(1))
        let second = Mutex<Bool?>(nil)
        let given = onThread {
            let put = handover.put(2)
            second.withLock { $0 = put }
        }
        #expect(given.wait(timeout: .now() + 0.2) == .timedOut)
        handover.close()
        #expect(given.wait(timeout: .now() + 10) == .success)
        #expect(second.withLock { $0 } == false)
        #expect(!handover.put(3))
    }

    @Test("Closed by the giver, the taker gets what was left, then nothing; a taker waiting is let go")
    func closedByTheGiver() {
        let handover = Handover<Int>(capacity: 4)
        #expect(handover.put(1) && handover.put(2))
        handover.close()
        #expect(handover.take() == 1)
        #expect(handover.take() == 2)
        #expect(handover.take() == nil)

        let empty = Handover<Int>(capacity: 1)
        let got = Mutex<Int??>(nil)
        let taker = onThread {
            let taken = empty.take()
            got.withLock { $0 = .some(taken) }
        }
        #expect(taker.wait(timeout: .now() + 0.2) == .timedOut)
        empty.close()
        #expect(taker.wait(timeout: .now() + 10) == .success)
        #expect(got.withLock { $0 } == .some(nil))
    }
}
