@testable import TextUI

/// A distinct style for every role, so a test can read back which role drew a cell.
struct RoleStyles: StyleProvider {
    func style(_ role: StyleRole) -> Style {
        let index = StyleRole.all.firstIndex(of: role) ?? 255
        return Style(foreground: .indexed(UInt8(index)))
    }

    func role(of style: Style) -> StyleRole? {
        guard case .indexed(let i) = style.foreground, Int(i) < StyleRole.all.count else { return nil }
        return StyleRole.all[Int(i)]
    }
}

extension Canvas {
    /// The role that drew cell (x, y), when drawn with `RoleStyles`.
    func role(atX x: Int, y: Int) -> StyleRole? { RoleStyles().role(of: self[x, y].style) }

    /// The rows as text with trailing spaces trimmed.
    var lines: [String] { text.components(separatedBy: "\n") }
}

/// Draws on a fresh canvas of `width`×`height` and returns it.
func draw(_ width: Int, _ height: Int, _ body: (inout Canvas) -> Void) -> Canvas {
    var canvas = Canvas(size: Size(width: width, height: height))
    body(&canvas)
    return canvas
}

/// A source of `count` generated rows that records every range asked of it.
final class CountingSource: TableSource {
    var rowCount: Int
    private(set) var requested: [Range<Int>] = []
    init(count: Int) { rowCount = count }
    var rowsRequested: Int { requested.map(\.count).reduce(0, +) }
    func rows(_ range: Range<Int>) -> [TableRow] {
        requested.append(range)
        return range.map { TableRow(["C-\($0)", "Customer \($0)"]) }
    }
}
