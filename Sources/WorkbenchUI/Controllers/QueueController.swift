import ServiceCore

/// The case queue's own keys: show the case, the saved views, the order, the filter.
enum QueueController {
    static let actions: [ScreenAction] = [
        ScreenAction(
            "show-case", "Show", "Show the selected case's entitlement", context: .queue, keys: ["Enter"],
            .screen { $0.focus = .entitlement }),
        ScreenAction(
            "next-view", "Next view", "Cycle the saved views", context: .queue, keys: ["V"],
            .screen { app in
                app.queue.cycleView()
                app.loadDetail()
            }),
        view("view-open", "Open", "Saved view: open cases", key: "1", .open),
        view("view-mine", "Mine", "Saved view: my open cases", key: "2", .mine),
        view(
            "view-visits", "My visits", "Saved view: open cases with a visit of mine, planned or done, today's first",
            key: "8",
            .visits),
        view(
            "view-unverified", "Unverified", "Saved view: entitlement not verified, or changed since", key: "3",
            .unverified),
        view("view-due-today", "Due today", "Saved view: SLA due by the end of today", key: "4", .dueToday),
        view("view-ready", "Ready", "Saved view: ready to close", key: "5", .readyToClose),
        view("view-blocked", "Blocked", "Saved view: resolved, but blocked at close", key: "6", .blockedAtClose),
        view("view-all", "All", "Saved view: every case, closed ones too", key: "7", .all),
        ScreenAction(
            "sort", "Sort", "Cycle the order: SLA due, age, priority, number", context: .queue, keys: ["S"],
            .screen { app in
                app.queue.cycleSort()
                app.loadDetail()
            }),
        ScreenAction(
            "clear-filter", "Clear", "Clear the filter", context: .queue, keys: ["Esc"],
            .screen { app in
                app.queue.clearFilter()
                app.loadDetail()
            }),
    ]

    /// A saved view's key.
    private static func view(
        _ name: String, _ label: String, _ help: String, key: String,
        _ view: QueueQuery.View
    ) -> ScreenAction {
        ScreenAction(
            name, label, help, context: .queue, keys: [key],
            .screen { app in
                app.queue.setView(view)
                app.loadDetail()
            })
    }
}
