import Foundation
import Synchronization

/// Ctrl-C, a hang-up or `kill` during an operation that can stop cleanly (generate): the first
/// asks it to stop at its next step, and it removes what it had begun; a second ends the
/// process at once, as if nothing had been caught.
enum Interruption {
    private static let requested = Atomic<Bool>(false)

    static func install() {
        // A parent may have started us with them blocked (as test runners do): they would never arrive.
        var blocked = sigset_t()
        sigemptyset(&blocked)
        for sig in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&blocked, sig) }
        sigprocmask(SIG_UNBLOCK, &blocked, nil)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            // Only async-signal-safe work here: a lock-free store, and the default back.
            signal(sig) { received in
                Interruption.requested.store(true, ordering: .relaxed)
                signal(received, SIG_DFL)
            }
        }
    }

    static var wasRequested: Bool { requested.load(ordering: .relaxed) }
}
