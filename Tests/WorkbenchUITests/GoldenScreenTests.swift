import Foundation
import ServiceCore
import Testing
import TextUI
import Workbench

@testable import WorkbenchUI

/// Whole screens, character for character, after each step of a few key stories, at 80×24 and
/// at 200×50, compared with the files under Screens/. They pin what the screen shows while its
/// code is rearranged. A missing file is written; `CASEBENCH_RECORD_SCREENS=1` writes them all
/// again (then read the diff before committing it).
@MainActor
@Suite("Golden screens")
struct GoldenScreenTests {
    /// One step: keys pressed by their keymap names ("Down Down", "C-s"), or text typed.
    struct Step: ExpressibleByStringLiteral, Sendable {
        var name: String
        var keys = ""
        var typed = ""
        init(stringLiteral keys: String) {
            name = keys
            self.keys = keys
        }
        init(name: String, keys: String = "", typed: String = "") {
            self.name = name
            self.keys = keys
            self.typed = typed
        }
        static func type(_ text: String) -> Step { Step(name: text, typed: text) }
        static func keys(_ keys: String, named name: String) -> Step { Step(name: name, keys: keys) }
    }

    /// A user's steps, from the first frame.
    struct Story: CustomTestStringConvertible, Sendable {
        var name: String
        var user = "agnes"
        var steps: [Step]
        var testDescription: String { name }
    }

    nonisolated static let stories: [Story] = [
        Story(
            name: "panes",
            steps: [
                .keys("", named: "first frame"), "Down Down", "Tab", .keys("Tab", named: "Tab Tab"),
                .keys("Tab", named: "Tab Tab Tab"), "S-Tab",
            ]),
        Story(name: "find", steps: ["/", .type("blu"), "Enter", "Esc"]),
        Story(name: "help", steps: ["?", "End", "Esc"]),
        Story(name: "zoom", steps: ["Tab z", "z"]),
        Story(name: "schedule", steps: ["Down F6", .type("t"), "Esc"]),
        Story(name: "reserve", user: "tom", steps: ["Down r", .type("P-SE"), "Esc"]),
        Story(name: "reports", steps: ["K", .type("s"), "Esc"]),
        Story(name: "approvals-agent", steps: ["A"]),
        Story(name: "approvals-supervisor", user: "sam", steps: ["A", "Esc"]),
        Story(name: "refused-close", user: "arun", steps: ["F8", "Left Enter", "Tab"]),
        Story(name: "command-line", steps: [":", .type("chec"), "Tab", .type(" 3"), "Enter", "Esc"]),
        Story(
            name: "actions", user: "tom",
            steps: [
                "Down l", .type("45"), "C-s", "Tab Tab x",
                "Tab Enter", "u", "o", "Esc X", "Left Enter",
            ]),
        Story(
            name: "agent-actions",
            steps: [
                "Down o", "Esc X", "Left Enter", "Esc Tab Tab",
                "p", "Esc x", "u", "c",
                "Tab Down Down Enter", "b", "Esc F6", "Esc d",
                "t", "Esc e", "Esc R", "Esc N", "Esc n",
                "Esc v", "P", "Esc L", "Esc C-r", .keys("Esc F5 C-l", named: "F5 C-l"),
                "1 V S 3", "Tab Tab Tab Enter",
            ]),
    ]

    nonisolated static let sizes = [Size(width: 80, height: 24), Size(width: 200, height: 50)]

    nonisolated static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Screens")

    @Test("Each step's screen is the recorded one", arguments: stories, sizes)
    func story(_ story: Story, size: Size) throws {
        let s = try Screen(size: size, as: story.user)
        var text = ""
        for step in story.steps {
            if !step.keys.isEmpty { s.press(names: step.keys) }
            s.type(step.typed)
            text += "── \(step.name)\n" + s.lines.joined(separator: "\n") + "\n"
        }
        let file = Self.folder.appendingPathComponent("\(story.name)-\(size.width)x\(size.height).txt")
        let record = ProcessInfo.processInfo.environment["CASEBENCH_RECORD_SCREENS"] == "1"
        guard !record, let golden = try? String(contentsOf: file, encoding: .utf8) else {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let got = text.split(separator: "\n", omittingEmptySubsequences: false)
        let want = golden.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(got, want).enumerated().first { $1.0 != $1.1 }?.offset ?? min(got.count, want.count)
        #expect(
            text == golden,
            """
            \(file.lastPathComponent) differs from line \(first + 1):
            got:  \(first < got.count ? got[first] : "(end)")
            want: \(first < want.count ? want[first] : "(end)")
            """)
    }
}
