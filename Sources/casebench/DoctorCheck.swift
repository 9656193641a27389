/// One line of `casebench doctor`: what was looked at, what was found and, when it is not ok,
/// what to do about it.
struct DoctorCheck: Equatable {
    enum Status: Equatable {
        case ok, warn, fail

        /// FAIL in capitals: it is what stops casebench, and what an eye looks for.
        var word: String {
            switch self {
            case .ok: "ok"
            case .warn: "warn"
            case .fail: "FAIL"
            }
        }
    }

    var status: Status
    var subject: String
    var finding: String
    var fix: String?

    static func ok(_ subject: String, _ finding: String) -> DoctorCheck {
        DoctorCheck(status: .ok, subject: subject, finding: finding)
    }

    static func warn(_ subject: String, _ finding: String, fix: String) -> DoctorCheck {
        DoctorCheck(status: .warn, subject: subject, finding: finding, fix: fix)
    }

    static func fail(_ subject: String, _ finding: String, fix: String) -> DoctorCheck {
        DoctorCheck(status: .fail, subject: subject, finding: finding, fix: fix)
    }

    /// `FAIL  database  no database at …`, then the fix on its own line under the finding.
    var lines: [String] {
        let head = pad(status.word, 6) + pad(subject, 10) + finding
        guard let fix else { return [head] }
        return [head, String(repeating: " ", count: 16) + "fix: " + fix]
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.count))
    }
}

extension [DoctorCheck] {
    /// "all 14 checks ok", "13 ok, 1 warn", "1 FAIL, 12 ok": the last line.
    var summary: String {
        let fails = count { $0.status == .fail }
        let warns = count { $0.status == .warn }
        let oks = count - fails - warns
        if fails == 0 && warns == 0 { return "all \(oks) checks ok" }
        let parts = [(fails, "FAIL"), (warns, "warn"), (oks, "ok")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return parts.joined(separator: ", ")
    }
}
