/// Every command of Casebench, once. The command language, `batch`, help, and the screen's
/// actions are all made from this list.
public enum CommandCatalogue {
    public static let all: [CommandSpec] =
        CaseCommands.all + PartsCommands.all + WorkCommands.all + BillingCommands.all + AfterClosingCommands.all
        + OverrideCommands.all + ApprovalCommands.all + QueryCommands.all + StockCommands.all + ControlCommands.all
        + ReportCommands.all + FinanceReports.all + CaseReport.all + OutboxCommands.all + MasterDataCommands.all
        + UserCommands.all + SessionCommands.all

    /// The command named by the first words, longest name first ("contract release" before
    /// "contract"); returns it and how many words its name took.
    public static func find(_ words: [String]) -> (CommandSpec, Int)? {
        for n in stride(from: min(2, words.count), through: 1, by: -1) {
            let name = words.prefix(n).joined(separator: " ")
            if let spec = all.first(where: { $0.name == name }) { return (spec, n) }
        }
        return nil
    }

    /// Commands whose name starts with, or whose first word is, `word`.
    public static func suggestions(for word: String) -> [String] {
        let lower = word.lowercased()
        // Every name starts with nothing: an empty word is near none of them.
        guard !lower.isEmpty else { return [] }
        return all.map(\.name).filter {
            $0.hasPrefix(lower) || $0.split(separator: " ").first.map(String.init) == lower
        }
    }
}
