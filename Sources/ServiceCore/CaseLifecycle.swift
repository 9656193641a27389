/// Where a case's status moves as work is recorded. Status tells people where a case is;
/// the closure checklist, not the status, decides whether it may close.
public enum CaseLifecycle {
    public enum Event: Sendable {
        case verified, visitScheduled, workRecorded, resolved
    }

    /// The status after `event`; a case never moves backwards by recording work.
    public static func status(after event: Event, from status: CaseStatus) -> CaseStatus {
        let target: CaseStatus =
            switch event {
            case .verified: .verified
            case .visitScheduled: .scheduled
            case .workRecorded: .inProgress
            case .resolved: .resolved
            }
        guard status.isOpen else { return status }
        return rank(target) > rank(status) ? target : status
    }

    private static func rank(_ s: CaseStatus) -> Int {
        switch s {
        case .new: 0
        case .verified: 1
        case .scheduled: 2
        case .inProgress: 3
        case .resolved: 4
        case .closed, .cancelled: 5
        }
    }
}
