/// A mouse report as the workbench sees it: what happened, with which button, where, and the
/// modifiers held. The terminal sends these only while mouse reporting is on (`MouseReporting`).
public struct MouseEvent: Hashable, Sendable {
    public enum Action: Hashable, Sendable {
        case press, release
        /// The pointer moved with a button held (reported only in modes not requested here).
        case drag
    }

    public enum Button: Hashable, Sendable {
        case left, middle, right
        /// One notch of the wheel: a terminal reports it as a press of its own button.
        case wheelUp, wheelDown, wheelLeft, wheelRight
    }

    public struct Modifiers: OptionSet, Hashable, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let shift = Modifiers(rawValue: 1)
        public static let alt = Modifiers(rawValue: 2)
        public static let control = Modifiers(rawValue: 4)
    }

    public var action: Action
    public var button: Button
    public var modifiers: Modifiers
    /// The cell, counted from 0 at the top left (terminals count from 1).
    public var position: Point

    public init(_ action: Action, _ button: Button, at position: Point, modifiers: Modifiers = []) {
        self.action = action
        self.button = button
        self.position = position
        self.modifiers = modifiers
    }

    /// Whether the event is a notch of the wheel.
    public var isWheel: Bool { [.wheelUp, .wheelDown, .wheelLeft, .wheelRight].contains(button) }

    /// The largest coordinate taken: no terminal is wider; a larger one is a garbled report.
    static let largestCoordinate = 9999

    /// The event of an xterm button code (its low bits the button, 4/8/16 the modifiers, 32
    /// motion, 64 and 128 the wheel and extra buttons) at 1-based `column` and `row`; nil for
    /// what no button here is (extra buttons 8–11, a motion with no button) or a position off
    /// any screen. `released`: the SGR form's final `m`.
    static func xterm(code: Int, column: Int, row: Int, released: Bool) -> MouseEvent? {
        guard (0...255).contains(code), (1...largestCoordinate).contains(column), (1...largestCoordinate).contains(row)
        else { return nil }
        let buttons: [Button]
        switch code & 0b1100_0000 {
        case 0: buttons = [.left, .middle, .right]
        case 64: buttons = [.wheelUp, .wheelDown, .wheelLeft, .wheelRight]
        default: return nil
        }
        let low = code & 0b11
        guard low < buttons.count else { return nil }
        var modifiers: Modifiers = []
        if code & 4 != 0 { modifiers.insert(.shift) }
        if code & 8 != 0 { modifiers.insert(.alt) }
        if code & 16 != 0 { modifiers.insert(.control) }
        let action: Action = code & 32 != 0 ? .drag : released ? .release : .press
        return MouseEvent(action, buttons[low], at: Point(x: column - 1, y: row - 1), modifiers: modifiers)
    }
}

extension MouseEvent: CustomStringConvertible {
    /// "left press at 3,4", for a note on the status line.
    public var description: String {
        "\(modifiers.contains(.control) ? "C-" : "")\(modifiers.contains(.alt) ? "M-" : "")"
            + "\(modifiers.contains(.shift) ? "S-" : "")\(button) \(action) at \(position.x),\(position.y)"
    }
}
