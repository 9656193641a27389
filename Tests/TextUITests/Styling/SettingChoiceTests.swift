import Testing

@testable import TextUI

@Suite("Which theme or keymap, and why")
struct SettingChoiceTests {
    let configured = ConfigFile.Setting(
        value: "mono", location: FileLocation(file: "/home/ada/.config/casebench/config.toml", line: 2))

    @Test("The option, then the config file's line, then the built-in default")
    func order() {
        let option = SettingChoice.choose(option: "vi", named: "--keymap", configured: configured, builtIn: "default")
        #expect(option == SettingChoice(value: "vi", source: .option("--keymap")))
        #expect(option.requestedAt == nil)
        #expect(option.source.description == "from --keymap")
        let file = SettingChoice.choose(option: nil, named: "--theme", configured: configured, builtIn: "default")
        #expect(file.value == "mono")
        #expect(file.requestedAt == configured.location)
        #expect(file.source.description == "from /home/ada/.config/casebench/config.toml:2")
        let none = SettingChoice.choose(option: nil, named: "--theme", configured: nil, builtIn: "default")
        #expect(none == SettingChoice(value: "default", source: .builtIn))
        #expect(none.source.description == "the default")
    }
}
