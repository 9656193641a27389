import Testing

@testable import TextUI

@Suite("The locale the screen draws in")
struct TerminalLocaleTests {
    // Issue 19: SSH carried LANG=en_US.UTF-8 to a host without that locale, and the workbench
    // refused the technician: "the locale en_US.UTF-8 is not UTF-8".
    @Test(
        "A UTF-8 locale this host lacks draws in C.UTF-8",
        arguments: ["en_US.UTF-8", "de_DE.utf8", "sv_SE.UTF-8@euro", "pt_BR.Utf-8"])
    func missingUTF8Locale(name: String) {
        #expect(TerminalLocale.decide(named: name, installed: false, isUTF8: false) == .cUTF8)
        // And the first screen says so, in one line
        #expect(
            TerminalLocale.fallbackNote(named: name)
                == "the locale \(name) is not installed on this host: drawing in C.UTF-8")
    }

    @Test("An installed UTF-8 locale is used as it is; none, C or POSIX draw in C.UTF-8")
    func namedOrNone() {
        #expect(TerminalLocale.decide(named: "en_GB.UTF-8", installed: true, isUTF8: true) == .asNamed)
        for name in ["", "C", "POSIX"] {
            #expect(TerminalLocale.decide(named: name, installed: true, isUTF8: false) == .cUTF8)
            #expect(TerminalLocale.fallbackNote(named: name) == nil, "nothing asked for was set aside")
        }
    }

    @Test("A locale of another character set is refused, saying which; one not installed and naming none too")
    func otherCharacterSets() {
        guard
            case .refused(let latin) = TerminalLocale.decide(named: "de_DE.ISO-8859-1", installed: true, isUTF8: false)
        else {
            Issue.record("an installed Latin-1 locale was not refused")
            return
        }
        #expect(latin.hasPrefix("the locale de_DE.ISO-8859-1 is not UTF-8"))
        guard case .refused(let bare) = TerminalLocale.decide(named: "en_US", installed: false, isUTF8: false) else {
            Issue.record("a bare locale name not installed here was not refused")
            return
        }
        #expect(bare.hasPrefix("the locale en_US is not installed on this host and names no character set"))
        // One that names its character set says so whether this host has it or not
        #expect(
            TerminalLocale.decide(named: "fr_FR.ISO-8859-15", installed: false, isUTF8: false)
                == .refused(
                    "the locale fr_FR.ISO-8859-15 is not UTF-8, and the workbench draws accents, CJK names and lines "
                        + "in UTF-8; run it with a UTF-8 locale, e.g. LANG=C.UTF-8"))
    }
}
