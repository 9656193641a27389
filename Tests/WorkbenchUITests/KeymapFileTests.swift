import Foundation
import Testing
import TextUI

@testable import WorkbenchUI

@Suite("Keymaps and the action table")
struct KeymapFileTests {
    @Test("keymaps/default.toml is exactly the action table's default keys")
    func defaultMatchesTable() throws {
        let file = try String(contentsOfFile: Project.path("keymaps/default.toml"), encoding: .utf8)
        #expect(file == ActionTable.defaultKeymapText)
    }

    @Test("Every shipped keymap loads against the action table", arguments: ["default", "vi", "emacs"])
    func shippedKeymapsLoad(name: String) throws {
        let keymap = try KeymapLoader(
            directories: [Project.path("keymaps")], knownActions: ActionTable.names,
            knownContexts: ActionTable.contexts
        ).load(name)
        #expect(keymap.action(for: .function(1), context: "queue") == "help")
        #expect(keymap.action(for: .function(10), context: "parts") == "quit")
    }

    @Test("Every action of the table has a key in the default keymap, and F1…F10 are the bar's")
    func everyActionReachable() throws {
        let keymap = try KeymapLoader(
            directories: [Project.path("keymaps")], knownActions: ActionTable.names,
            knownContexts: ActionTable.contexts
        ).load("default")
        for a in ActionTable.all {
            #expect(
                !keymap.keys(for: a.name, context: a.context == .global ? nil : a.context.rawValue).isEmpty,
                "\(a.name) has no key")
        }
        #expect(ActionTable.all.compactMap(\.functionKey).sorted() == Array(1...10))
    }

    @Test("Every action that runs a command names one the catalogue has")
    func commandsExist() {
        for a in ActionTable.all where a.command != nil {
            #expect(a.spec != nil, "\(a.name) runs unknown command \(a.command!)")
        }
    }

    @Test("The README's keys table is the action table's")
    func readmeKeys() throws {
        let readme = try String(contentsOfFile: Project.path("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## Keys"))
        let table = readme[section.upperBound...].split(separator: "\n").drop { !$0.hasPrefix("| keys") }
            .prefix { $0.hasPrefix("|") }.dropFirst(2).map(String.init)
        #expect(table == ActionTable.readmeRows)
    }
}
