import Foundation
import TextUI

/// Everything casebench prints goes through here. Commands and imports refuse control
/// characters, but data written before that rule, or by another tool, may hold escape
/// sequences: they are printed inert (DisplayWidth.inert), as the screen draws them. A document — a report's CSV or JSON,
/// `batch --json` — goes to a file or pipe exactly as it is (JSON escapes control characters
/// itself), and to a terminal inert like any text. A progress bar being redrawn in place on
/// the terminal is cleared first, so nothing printed starts half-way along its line.
enum Output {
    static func say(_ text: String) {
        ProgressDisplay.clearBar()
        print(DisplayWidth.inertLines(text))
    }

    static func document(_ text: String) {
        ProgressDisplay.clearBar()
        print(isatty(STDOUT_FILENO) == 1 ? DisplayWidth.inertLines(text) : text, terminator: "")
    }

    static func error(_ text: String) {
        ProgressDisplay.clearBar()
        FileHandle.standardError.write(Data((DisplayWidth.inertLines(text) + "\n").utf8))
    }
}
