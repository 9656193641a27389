import ServiceCore
import TextUI
import Workbench

/// The selected case's customer, asset, warranty and contract, the verified outcome, and the
/// engine's trail, one line per step.
@MainActor
final class EntitlementPane: Pane {
    let id = PaneID.entitlement
    let list = ListView(lines: [])
    private var detail: CaseDetail?
    private var items: [ListLine] = []
    private var wrapped = WrappedLines()

    func show(_ detail: CaseDetail?) {
        let scroll = detail?.serviceCase.id == self.detail?.serviceCase.id ? list.scrollOffset : 0
        self.detail = detail
        items = detail.map(Self.lines) ?? []
        wrapped = WrappedLines(items, width: wrapped.width)
        list.lines = wrapped.lines
        list.emptyMessage = "No case selected"
        list.scroll(to: scroll)
    }

    static func lines(_ d: CaseDetail) -> [ListLine] {
        var out: [ListLine] = []
        let c = d.serviceCase
        out.append(ListLine("Case \(c.id) · \(c.status.rawValue) · P\(c.priority) · \(c.subject)", role: .title))
        if let cu = d.customer {
            out.append(
                ListLine(
                    "Customer  \(cu.name) (\(cu.id)) · \(cu.region)\(cu.contact.isEmpty ? "" : " · \(cu.contact)")"
                        + (cu.needsReview ? " · to review" : "")))
        }
        if let a = d.asset {
            out.append(
                ListLine(
                    "Asset     \(a.serial) · \(d.item.map { "\($0.sku) \($0.description)" } ?? a.sku) · installed \(a.installedOn) · \(a.region)"
                        + (a.needsReview ? " · to review" : "")))
            if let w = a.warranty {
                out.append(
                    ListLine(
                        "Warranty  \(w.template) \(w.start) to \(w.end)"
                            + (a.forceGenericWarranty ? " · force generic" : "")))
            }
        }
        out.append(
            ListLine("Reported  \(c.reportedOn) · SLA due \(c.slaDue?.minuteText ?? "—") · assigned to \(c.assignee)"))
        out.append(ListLine(""))
        if let v = d.verification {
            let same = d.current.map { v.entitlement.sameDecision(as: $0) } ?? true
            out.append(
                ListLine(
                    "\(same ? "✓" : "✗") \(v.entitlement.outcome.rawValue) — \(v.entitlement.source.label)",
                    role: same ? .ok : .fail))
            out.append(ListLine("  verified by \(v.verifiedBy) at \(v.verifiedAt.minuteText)", role: .dim))
            if !same, let now = d.current {
                out.append(
                    ListLine(
                        "  changed since: now \(now.outcome.rawValue) — \(now.source.label); verify again", role: .fail)
                )
            }
            if let left = (d.current ?? v.entitlement).limits.lifetimeRemaining {
                out.append(ListLine("  lifetime cap left \(left)"))
            }
            if let b = (d.current ?? v.entitlement).limits.balance {
                out.append(ListLine("  prepaid balance left \(b.description)"))
            }
            out.append(ListLine("Why", role: .header))
            out += v.entitlement.trail.map { ListLine("  " + $0) }
        } else {
            out.append(ListLine("✗ entitlement not verified", role: .fail))
        }
        return out
    }

    func handle(_ key: Key) -> Bool { list.handle(key) }

    func render(on canvas: inout Canvas, in rect: Rect, styles: some StyleProvider, focused: Bool) {
        let inside = frame(&canvas, rect, title: PaneID.entitlement.title, styles: styles, focused: focused)
        if inside.width != wrapped.width {
            wrapped = WrappedLines(items, width: inside.width)
            list.lines = wrapped.lines
        }
        list.isFocused = focused
        list.render(on: &canvas, in: inside, styles: styles)
    }

    var summary: (text: String, role: StyleRole) {
        guard let d = detail else { return ("Entitlement: —", .dim) }
        guard let v = d.verification else { return ("Entitlement: not verified ✗", .fail) }
        let same = d.current.map { v.entitlement.sameDecision(as: $0) } ?? true
        let source = v.entitlement.source.sourceID.map { " \($0)" } ?? ""
        return ("Entitlement: \(v.entitlement.outcome.rawValue)\(source) \(same ? "✓" : "✗")", same ? .ok : .fail)
    }
}
