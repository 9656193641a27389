import CNCursesW
import Foundation

/// Whether the terminal is asked to report the mouse, for the ways out that cannot ask the
/// `NCursesTerminal`: the exit handler and the suspend (Ctrl-Z) handler. A plain word, as
/// `pendingSignal` is: written by the terminal, read from those handlers.
nonisolated(unsafe) private var mouseRequested = false

/// What ncurses does on Ctrl-Z (leave the screen, stop, come back), which the wrapper runs
/// between turning reporting off and on again.
nonisolated(unsafe) private var ncursesSuspend = sigaction()
/// Once only: wrapping the wrapper would call itself for ever.
nonisolated(unsafe) private var suspendWrapped = false

/// xterm's mouse reporting, as lazygit, htop and k9s ask for it: mode 1000 reports presses,
/// releases and the wheel (no motion: 1002 and 1003 are not needed for clicks), in the SGR
/// encoding of mode 1006 (`ESC [ < b ; x ; y M`: any column, a release that names its button).
/// xterm, tmux, screen, GNOME's and KDE's terminals, PuTTY and iTerm2 all take both; a terminal
/// that knows neither ignores them. The modes are the terminal's own and outlive the program,
/// so every way out turns them off: quitting, a stopping signal, the exit handler, Ctrl-Z.
enum MouseReporting {
    static let on: StaticString = "\u{1B}[?1000h\u{1B}[?1006h"
    static let off: StaticString = "\u{1B}[?1006l\u{1B}[?1000l"

    /// Asks for reports (or stops them), straight to the terminal: async-signal-safe, so the
    /// handlers may call it too.
    static func request(_ wanted: Bool) {
        mouseRequested = wanted
        write(wanted ? on : off)
    }

    /// Turns reporting off if it is on, and forgets it: for the ways out.
    static func release() {
        guard mouseRequested else { return }
        request(false)
    }

    private static func write(_ sequence: StaticString) {
        _ = Glibc.write(STDOUT_FILENO, sequence.utf8Start, sequence.utf8CodeUnitCount)
    }

    /// Wraps ncurses' Ctrl-Z handler (installed by `newterm` when the shell has job control),
    /// so the shell the user is stopped to never gets mouse reports as typed text, and the
    /// workbench gets them again after `fg`. Without job control there is no handler to wrap.
    static func wrapSuspendHandler() {
        guard !suspendWrapped else { return }
        var current = sigaction()
        guard sigaction(SIGTSTP, nil, &current) == 0, current.sa_flags & SA_SIGINFO == 0,
            let handler = current.__sigaction_handler.sa_handler, unsafeBitCast(handler, to: Int.self) > 1
        else { return } // SIG_DFL is nil, SIG_IGN is 1
        ncursesSuspend = current
        var wrapper = current
        wrapper.__sigaction_handler.sa_handler = { signal in
            let wasOn = mouseRequested
            if wasOn { MouseReporting.write(MouseReporting.off) }
            ncursesSuspend.__sigaction_handler.sa_handler?(signal)
            if wasOn { MouseReporting.write(MouseReporting.on) }
        }
        suspendWrapped = sigaction(SIGTSTP, &wrapper, nil) == 0
    }
}
