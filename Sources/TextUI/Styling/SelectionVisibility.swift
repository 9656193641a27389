extension StyleRole {
    /// The roles a row of a list or table may have beside the selected row, or that the
    /// selection draws over: the row's own role (a failing check, an overdue case, a closed
    /// one), the column headings above it, a dialog's plain rows, and the selection of a pane
    /// without focus. The selected row must look like none of them, or the cursor is lost.
    public static let besideSelection: [StyleRole] = [
        .normal, .dim, .header, .ok, .fail, .warning, .disabled, .dialog, .selectedUnfocused,
    ]
}

extension ThemeStyles {
    /// The roles of `StyleRole.besideSelection` whose rows look like the selected row.
    ///
    /// A row is filled edge to edge with its role's background, so what marks the selection
    /// is a background of its own. Bold or underline alone do not: on a row of bold text in
    /// reverse (a failing check in green-screen) the selection, reverse but not bold, was not
    /// to be found.
    public func rolesHidingSelection() -> [StyleRole] {
        let selection = Appearance(style(.selected)).paper
        return StyleRole.besideSelection.filter { Appearance(style($0)).paper == selection }
    }
}
