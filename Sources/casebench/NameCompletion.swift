import Foundation
import TextUI
import Workbench
import WorkbenchUI

/// The names shell completion offers for `--theme`, `--keymap`, `--dataset` and `--exercise`: found where the
/// program itself will look for them when it runs (the user's folders, then the shipped files),
/// so a theme of one's own completes as the shipped ones do. ArgumentParser calls these back
/// through `casebench ---completion …` from the script `--generate-completion-script` wrote;
/// the shell filters them by what is typed.
enum NameCompletion {
    static func themes(_: [String], _: Int, _: String) -> [String] {
        let environment = ProcessInfo.processInfo.environment
        return Launcher.themeNames(
            paths: ConfigPaths(environment: environment), environment: environment, executable: executable)
    }

    static func keymaps(_: [String], _: Int, _: String) -> [String] {
        let environment = ProcessInfo.processInfo.environment
        return Launcher.keymapNames(
            paths: ConfigPaths(environment: environment), environment: environment, executable: executable)
    }

    static func datasets(_: [String], _: Int, _: String) -> [String] {
        Training.datasetNames(environment: ProcessInfo.processInfo.environment, executable: executable)
    }

    /// The exercises of the dataset named on the line so far (`--dataset NAME`), else of the
    /// one `demo` takes by default.
    static func exercises(_ words: [String], _: Int, _: String) -> [String] {
        let named =
            words.firstIndex(of: "--dataset").flatMap { words.indices.contains($0 + 1) ? words[$0 + 1] : nil }
            ?? words.first { $0.hasPrefix("--dataset=") }.map { String($0.dropFirst("--dataset=".count)) }
        let directory = Training.datasetDirectory(
            named: named ?? Demo.defaultDataset, environment: ProcessInfo.processInfo.environment,
            executable: executable)
        return directory.map { Training.exercises(datasetDirectory: $0) } ?? []
    }

    /// The program as it was started, as `Launcher` and `demo` are given it.
    private static var executable: String { CommandLine.arguments[0] }
}
