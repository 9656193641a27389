import CNCursesW
import Foundation

/// Why the real terminal could not be used, in words that say what to do.
public struct TerminalError: Error, CustomStringConvertible {
    public var description: String
}

/// The signal that asked the program to stop (Ctrl-C, kill, a dropped SSH link), set by the
/// handler and read by the event loop between keys. A plain word written from a signal
/// handler, as C's `volatile sig_atomic_t` is; nothing else touches it.
nonisolated(unsafe) private var pendingSignal: Int32 = 0

/// Set while another program (the user's editor) has the terminal: Ctrl-C and Ctrl-\ are
/// then the editor's, sent by the terminal to it and to the waiting workbench alike, and must
/// not stop the workbench. A hang-up or kill still does, once the editor has ended.
nonisolated(unsafe) private var childHasTerminal = false

/// The real terminal, through ncurses: wide characters, colours from terminfo, one
/// `doupdate` per frame, and the terminal restored on every way out.
public final class NCursesTerminal: Terminal {
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    public let colorDepth: ColorDepth
    private let directColor: Bool
    private var pairs: [PairKey: Int32] = [:]
    private var ended = false
    /// Keys decoded from one escape sequence (and what followed it in the same read) that
    /// `nextKey` has not handed out yet.
    private var decoded: [Key] = []
    /// Milliseconds to wait for the rest of an escape sequence: a terminal sends one key's
    /// bytes in one write and SSH carries them in one packet, so they arrive together; 10 ms
    /// (tmux's default since 3.5) keeps a lone Esc immediate. `ESCDELAY` overrides it, as in
    /// every ncurses program, for a link that splits them.
    private let escapeDelay: Int32
    /// Said once on the first screen: the locale named was missing, so the screen draws in C.UTF-8.
    public let localeNote: String?
    /// Whether the terminal was asked to report the mouse (`MouseReporting`).
    public let mouse: Bool
    static let defaultEscapeDelay: Int32 = 10

    private struct PairKey: Hashable {
        var fg: Int32
        var bg: Int32
    }

    /// Starts ncurses on standard input and output. `noColor` (the `NO_COLOR` convention)
    /// draws with attributes only. `mouse` asks the terminal for mouse reports; without it
    /// nothing is asked, and the terminal's own selection works as ever.
    public init(environment: [String: String], noColor: Bool, mouse: Bool = false) throws {
        localeNote = try Self.prepareLocale(environment)
        guard let term = environment["TERM"], !term.isEmpty else {
            throw TerminalError(
                description: "TERM is not set, so the terminal's type is unknown; set it, e.g. TERM=xterm-256color")
        }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError(
                description:
                    "the workbench needs a terminal on standard input and output; for scripts use `casebench batch`")
        }
        guard let screen = newterm(term, cb_stdout(), cb_stdin()) else {
            throw TerminalError(
                description:
                    "unknown terminal type TERM=\(term): no terminfo entry describes it; try TERM=xterm-256color (or install ncurses-term)"
            )
        }
        self.screen = screen
        set_term(screen)
        guard let window = cb_stdscr() else {
            throw TerminalError(description: "ncurses could not set up the screen for TERM=\(term)")
        }
        self.window = window
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        meta(window, true)
        cb_define_cursor_keys()
        // terminfo's kmous (`ESC [ <` for xterm, `ESC [ M` for screen) would have ncurses take
        // a mouse report for its own mouse interface, which is not used: the report reaches
        // the decoder whole instead, which reads either form.
        keyok(KEY_MOUSE, false)
        // Without it a lone Esc waits a second for the rest of a sequence that never comes.
        escapeDelay =
            environment["ESCDELAY"].flatMap { Int32($0) }.map { min(max($0, 0), 1000) } ?? Self.defaultEscapeDelay
        set_escdelay(escapeDelay)
        curs_set(0)
        cb_disable_flow_control()

        var depth = ColorDepth.monochrome
        var direct = false
        if !noColor, has_colors() {
            start_color()
            use_default_colors()
            direct = cb_has_direct_color() != 0 && cb_colors() >= 0x100_0000
            depth = direct ? .trueColor : cb_colors() >= 256 ? .ansi256 : cb_colors() >= 8 ? .ansi8 : .monochrome
        }
        colorDepth = depth
        directColor = direct
        self.mouse = mouse
        Self.installSignalHandlers()
        if mouse {
            MouseReporting.wrapSuspendHandler()
            MouseReporting.request(true)
        }
    }

    deinit { shutdown() }

    /// Restores the terminal: the screen as it was, the cursor, echo, line mode. Safe to call twice.
    public func shutdown() {
        guard !ended else { return }
        ended = true
        MouseReporting.release()
        endwin()
        cb_clear_without_alternate_screen()
        delscreen(screen)
    }

    /// Sets the locale the screen draws in (`LocaleStatus`); returns the note to show when it
    /// is not the one the environment named.
    private static func prepareLocale(_ env: [String: String]) throws -> String? {
        switch LocaleStatus.establish(environment: env) {
        case .asNamed: return nil
        case .cUTF8(let note): return note
        case .unusable(let reason): throw TerminalError(description: reason)
        }
    }

    private static func installSignalHandlers() {
        cb_unblock_signals()
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            signal(sig) { received in
                if childHasTerminal, received == SIGINT || received == SIGQUIT { return }
                pendingSignal = received
            }
        }
        // Whatever way the process ends, leave the terminal usable.
        atexit {
            MouseReporting.release()
            if isendwin() == false {
                endwin()
                cb_clear_without_alternate_screen()
            }
        }
    }

    /// The signal that asked to stop, once; 0 when none.
    public func takeStopSignal() -> Int32 {
        let s = pendingSignal
        pendingSignal = 0
        return s
    }

    public var size: Size { Size(width: Int(cb_cols()), height: Int(cb_lines())) }

    // MARK: - Drawing

    public func present(_ canvas: Canvas, cursor: Point?) {
        let height = min(canvas.size.height, Int(cb_lines()))
        let width = min(canvas.size.width, Int(cb_cols()))
        var current: Style? = nil
        for y in 0..<height {
            var x = 0
            while x < width {
                let cell = canvas[x, y]
                if cell.text.isEmpty {
                    x += 1
                    continue
                } // the second half of a wide character
                if cell.style != current {
                    apply(cell.style)
                    current = cell.style
                }
                var wide = Array(cell.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) })
                wide.append(0)
                _ = cb_put_cell(window, Int32(y), Int32(x), wide, Int32(wide.count - 1))
                x += 1
            }
        }
        if let cursor, canvas.contains(cursor) {
            leaveok(window, false)
            curs_set(1)
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            // A hidden cursor is left where the last change put it: taking it back to the
            // last cell written cost a move and an attribute reset in every frame.
            leaveok(window, true)
            curs_set(0)
        }
        wnoutrefresh(window)
        doupdate()
    }

    /// Leaves curses mode as at exit — ncurses' terminal modes and keypad mode off, the
    /// alternate screen left, the cursor shown — runs `body` (the editor, in the foreground),
    /// and comes back: the next `present` restores the program's modes and draws every cell.
    /// Meanwhile Ctrl-C and Ctrl-\ are the editor's alone, and Ctrl-Z stops the workbench
    /// plainly, with the editor (`cb_default_job_control`).
    public func suspend<T>(while body: () throws -> T) rethrows -> T {
        guard !ended else { return try body() }
        // endwin undoes what ncurses set; mouse reporting, which the program asks for itself
        // (`MouseReporting`), is turned off too — the editor would read reports as typed text —
        // and on again when the workbench has the terminal back.
        MouseReporting.release()
        endwin()
        cb_clear_without_alternate_screen()
        fflush(nil)
        var saved = cb_job_control()
        cb_default_job_control(&saved)
        childHasTerminal = true
        defer {
            childHasTerminal = false
            cb_restore_job_control(&saved)
            if mouse { MouseReporting.request(true) }
            // Keys typed for the editor after it ended are not the workbench's.
            flushinp()
            redrawAll()
        }
        return try body()
    }

    /// Ctrl-L: forget what the terminal shows and draw it all again.
    public func redrawAll() {
        clearok(window, true)
    }

    private func apply(_ style: Style) {
        var attrs = cb_a_normal()
        if style.attributes.contains(.bold) { attrs |= cb_a_bold() }
        if style.attributes.contains(.dim) { attrs |= cb_a_dim() }
        if style.attributes.contains(.underline) { attrs |= cb_a_underline() }
        if style.attributes.contains(.reverse) { attrs |= cb_a_reverse() }
        if style.attributes.contains(.italic) { attrs |= cb_a_italic() }
        var pair: Int32 = 0
        if colorDepth > .monochrome {
            let fg = number(style.foreground)
            let bg = number(style.background)
            if fg != -1 || bg != -1 { pair = self.pair(fg, bg) }
        }
        _ = cb_set_style(window, attrs, pair)
    }

    /// The terminal's number for a colour; -1 is its default.
    private func number(_ color: Color) -> Int32 {
        switch color {
        case .terminalDefault: return -1
        case .ansi(let n): return Int32(n) < cb_colors() ? Int32(n) : Int32(n % 8)
        case .indexed(let n): return Int32(n) < cb_colors() ? Int32(n) : Int32(n % 8)
        case .rgb(let r, let g, let b):
            if directColor { return Int32(r) << 16 | Int32(g) << 8 | Int32(b) }
            // A theme resolved for this depth sends no RGB; should one slip through, the grey
            // ramp's nearest step is better than nothing.
            return cb_colors() >= 256 ? 232 + Int32((Int(r) + Int(g) + Int(b)) / 3 * 23 / 255) : 7
        }
    }

    private func pair(_ fg: Int32, _ bg: Int32) -> Int32 {
        let key = PairKey(fg: fg, bg: bg)
        if let p = pairs[key] { return p }
        let next = Int32(pairs.count + 1)
        guard next < cb_color_pairs() else { return 0 }
        init_extended_pair(next, fg, bg)
        pairs[key] = next
        return next
    }

    // MARK: - Keys

    public func nextKey(timeout: Int) -> Key? {
        if !decoded.isEmpty { return decoded.removeFirst() }
        wtimeout(window, Int32(timeout))
        var ch: wint_t = 0
        let result = wget_wch(window, &ch)
        if result == ERR { return nil }
        if result == KEY_CODE_YES { return functionKey(Int32(ch)) }
        guard ch == 27 else { return characterKey(UInt32(ch)) }
        decodeEscapeSequence()
        return decoded.isEmpty ? nil : decoded.removeFirst()
    }

    /// ncurses decodes the sequences of `TERM`'s terminfo entry; any other (an xterm's F1
    /// under `TERM=linux`, PuTTY's `ESC [ 11 ~`) reaches us as ESC and then its characters one
    /// by one. The decoder reads the rest of it — already waiting, or within the escape delay —
    /// and makes the key of whichever terminal sent it, or swallows it whole: its characters
    /// are never taken as key presses of their own.
    private func decodeEscapeSequence() {
        var decoder = KeyDecoder(x10Mouse: mouse)
        var events = decoder.feed("\u{1B}")
        // ncurses has waited the escape delay before giving a lone ESC: what belongs to it
        // is in its buffer by now, so the first look does not wait; the rest of a sequence
        // that has begun may still be on its way.
        var wait: Int32 = 0
        while decoder.isPending {
            wtimeout(window, wait)
            var ch: wint_t = 0
            let result = wget_wch(window, &ch)
            if result == ERR {
                events += decoder.timeout()
            } else if result == KEY_CODE_YES {
                events += decoder.timeout()
                events.append(functionKey(Int32(ch)) ?? .unrecognised("key code \(ch)"))
            } else if let scalar = Unicode.Scalar(UInt32(ch)) {
                events += decoder.feed(scalar)
            }
            wait = escapeDelay
        }
        decoded += events
    }

    private func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_RESIZE: return .resize
        default:
            let n = code - cb_key_f(0)
            return (1...24).contains(n) ? .function(Int(n)) : nil
        }
    }

    private func characterKey(_ code: UInt32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(code + 96)!))
        default:
            guard code >= 32, let scalar = Unicode.Scalar(code) else { return nil }
            return .character(Character(scalar))
        }
    }
}
