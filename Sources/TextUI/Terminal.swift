/// A screen the workbench draws on and reads keys from: ncurses on a real terminal, or a
/// virtual screen in tests.
public protocol Terminal: AnyObject {
    var size: Size { get }
    var colorDepth: ColorDepth { get }
    /// Shows `canvas` as the next frame in one flush; `cursor` places the visible cursor,
    /// nil hides it.
    func present(_ canvas: Canvas, cursor: Point?)
    /// The next key, waiting at most `timeout` milliseconds; nil when none came (or a signal
    /// interrupted the wait).
    func nextKey(timeout: Int) -> Key?
    /// A signal asking the program to stop (Ctrl-C, kill, hang-up) since the last call, or 0.
    func takeStopSignal() -> Int32
    /// Makes the next `present` draw every cell again (Ctrl-L, after another program wrote
    /// over the screen).
    func redrawAll()
    /// Gives the real terminal to another program (the user's editor) for as long as `body`
    /// runs: the screen is left as the shell had it (ncurses' modes off, the cursor shown,
    /// Ctrl-C and Ctrl-Z the program's), then taken back and drawn again whole at the next
    /// `present` (`redrawAll`).
    func suspend<T>(while body: () throws -> T) rethrows -> T
}

extension Terminal {
    public func takeStopSignal() -> Int32 { 0 }
    public func redrawAll() {}
}
