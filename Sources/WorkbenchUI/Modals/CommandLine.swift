import TextUI
import Workbench

extension WorkbenchApp {
    /// The `:` line: any command of the command language, with completion; its result is
    /// shown whole, with the details, when the status line would cut it.
    func openCommandLine() {
        modal = .commandLine(
            TextField(placeholder: "a command; Tab completes, Enter runs, Esc leaves") { [weak self] value in
                guard let self else { return [] }
                let head =
                    value.last?.isWhitespace == true
                    ? value
                    : String(
                        value[
                            ..<(value.lastIndex(where: \.isWhitespace).map { value.index(after: $0) }
                                ?? value.startIndex)])
                return self.session.completions(for: value).map { head + $0 }
            })
    }
}
