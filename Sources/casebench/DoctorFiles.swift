import TextUI
import Workbench
import WorkbenchUI

/// The files a session would use — config, database, keymap, theme, datasets — each named
/// with the rule that chose it, found by the very functions the program opens them with.
enum DoctorFiles {
    static func checks(options: DatabaseOptions, screen: ScreenOptions, executable: String) -> (
        checks: [DoctorCheck], database: DatabaseChoice
    ) {
        let paths = options.configPaths
        let environment = options.environment
        var checks: [DoctorCheck] = []
        var config = ConfigFile()
        do {
            config = try ConfigFile.load(paths)
            let looked = ([paths.userConfigFile, paths.systemConfigFile].compactMap { $0 }).joined(separator: " and ")
            checks.append(
                .ok(
                    "config",
                    config.files.isEmpty ? "none (looked for \(looked))" : config.files.joined(separator: ", ")))
        } catch {
            // The program stops at this fault; the rest is reported as if the file said nothing.
            checks.append(
                .fail(
                    "config", "\(error)", fix: "correct that line: casebench stops at a fault in its config file"))
        }

        let database = options.databaseChoice(config)
        checks.append(.ok("database", "\(database.path) — \(database.source)"))

        let choices = screen.choices
        let keymapChoice = choices.keymap(in: config)
        do {
            let keymap = try Launcher.loadKeymap(
                keymapChoice, paths: paths, environment: environment, executable: executable)
            checks.append(.ok("keymap", "\(keymapChoice.value) \(inFiles(keymap.files)) — \(keymapChoice.source)"))
        } catch {
            checks.append(
                .fail(
                    "keymap", "\(keymapChoice.value) — \(keymapChoice.source): \(error)",
                    fix: "name a keymap there is (default, vi, emacs, or one of yours), or correct its file"))
        }
        let themeChoice = choices.theme(in: config)
        do {
            let theme = try Launcher.loadTheme(
                themeChoice, background: choices.background(in: config, environment: environment), paths: paths,
                environment: environment, executable: executable)
            checks.append(.ok("theme", "\(themeChoice.value) \(inFiles(theme.files)) — \(themeChoice.source)"))
        } catch {
            checks.append(
                .fail(
                    "theme", "\(themeChoice.value) — \(themeChoice.source): \(error)",
                    fix:
                        "name a theme there is (default, high-contrast, mono, green-screen, or one of yours), or correct its file"
                ))
        }

        let mouse = choices.mouse(in: config)
        checks.append(.ok("mouse", "\(mouse.value) — \(mouse.source)"))
        let cursor = choices.cursor(in: config)
        checks.append(.ok("cursor", "\(cursor.value) — \(cursor.source)"))

        if let data = ShippedFiles.find("data", environment: environment, executable: executable) {
            checks.append(.ok("datasets", "\(data.path) — \(data.root.origin)"))
        } else {
            checks.append(
                .warn(
                    "datasets", "no data folder found (\(ShippedFiles.searched)); `casebench demo` needs one",
                    fix:
                        "set CASEBENCH_SHARE to the folder holding data/, themes/ and keymaps/ (PREFIX/share/casebench)"
                ))
        }
        return (checks, database)
    }

    /// "(/usr/share/casebench/themes/default.toml)", the chosen file first, then those it builds on.
    private static func inFiles(_ files: [String]) -> String {
        "(\(files.joined(separator: ", ")))"
    }
}
