/// Which locale the screen draws in, decided from what the environment names and what this
/// host has installed. ncurses needs a UTF-8 locale for wide characters.
///
/// A login over SSH carries the client's `LANG` (`SendEnv`), often naming a locale this host
/// never installed: `setlocale` then leaves the C locale, which said nothing about the
/// terminal, and the workbench refused a technician whose terminal was UTF-8 all along. What
/// counts is the character set the name gives, not whether the host has that language.
enum TerminalLocale: Equatable {
    /// The environment's locale is installed and UTF-8.
    case asNamed
    /// Draw in C.UTF-8: the environment names UTF-8 (or nothing) but this host lacks the locale.
    case cUTF8
    /// The terminal is not UTF-8, or cannot be told to be: the reason.
    case refused(String)

    /// `named`: LC_ALL, else LC_CTYPE, else LANG; `installed`: whether `setlocale` took it;
    /// `isUTF8`: whether the locale in force (it, or C) is UTF-8.
    static func decide(named: String, installed: Bool, isUTF8: Bool) -> TerminalLocale {
        if installed && isUTF8 { return .asNamed }
        if named.isEmpty || named == "C" || named == "POSIX" || (!installed && namesUTF8(named)) { return .cUTF8 }
        let advice = "run it with a UTF-8 locale, e.g. LANG=C.UTF-8"
        if !installed && charset(of: named) == nil {
            return .refused(
                "the locale \(named) is not installed on this host and names no character set, so the terminal may "
                    + "not be UTF-8, which the workbench draws in (accents, CJK names, lines); \(advice)")
        }
        return .refused(
            "the locale \(named) is not UTF-8, and the workbench draws accents, CJK names and lines in UTF-8; \(advice)"
        )
    }

    /// The one line that says the screen draws in C.UTF-8 instead of the locale named — nil when
    /// none was named (or C), since then nothing the user asked for was set aside.
    static func fallbackNote(named: String) -> String? {
        guard !named.isEmpty, named != "C", named != "POSIX" else { return nil }
        return "the locale \(named) is not installed on this host: drawing in C.UTF-8"
    }

    /// "en_US.UTF-8", "de_DE.utf8", "sv_SE.UTF-8@euro": the part after the dot names UTF-8.
    static func namesUTF8(_ name: String) -> Bool {
        let charset = charset(of: name)?.lowercased()
        return charset == "utf-8" || charset == "utf8"
    }

    /// The character set a locale's name gives — after the dot, before any "@modifier"
    /// ("ISO-8859-1" in "de_DE.ISO-8859-1") — or nil when it gives none ("en_US").
    static func charset(of name: String) -> Substring? {
        guard let dot = name.firstIndex(of: ".") else { return nil }
        return name[name.index(after: dot)...].prefix { $0 != "@" }
    }
}
