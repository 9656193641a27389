import Foundation
import Testing
import Workbench

@Suite("Where the shipped files are looked for")
struct ShippedFilesTests {
    // A program started by a relative path (`./casebench`) crashed at start: Foundation traps
    // taking the parent of "" (and of "/").
    @Test(
        "A program anywhere, at the root or started by a relative path, looks beside and above itself up to the root",
        arguments: [
            "/casebench", "/usr/bin/casebench", "/work/tmp/casebench", "casebench", "./casebench", "bin/casebench",
            "/a/b/c/d/e/f/g/h/casebench",
        ])
    func rootsFromAnywhere(_ program: String) {
        let roots = ShippedFiles.roots(environment: ["CASEBENCH_SHARE": "/srv/share"], executable: program)
        #expect(roots.first == "/srv/share")
        #expect(roots.last == "/usr/share/casebench")
        // Six folders up from the program's own, the root among them when it is that near
        let folders = program.split(separator: "/").count - 1
        if program.hasPrefix("/") { #expect(roots.contains("/") == (folders < 6), "\(roots)") }
    }

    @Test("An installed program reads PREFIX/share/casebench")
    func installedLayout() {
        let roots = ShippedFiles.roots(environment: [:], executable: "/usr/local/bin/casebench")
        #expect(roots.contains("/usr/local/share/casebench"))
        #expect(roots.contains("/usr/local/bin"))
    }

    @Test("A file found says under which root: $CASEBENCH_SHARE before the folders beside the program")
    func foundWithItsRoot() throws {
        let share = FileManager.default.temporaryDirectory.appendingPathComponent("share-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: share + "/data", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: share) }
        let found = ShippedFiles.find(
            "data", environment: ["CASEBENCH_SHARE": share], executable: "/usr/local/bin/casebench")
        #expect(found == ShippedFile(path: share + "/data", root: ShippedRoot(path: share, origin: .environment)))
        #expect(found?.root.origin.description == "from $CASEBENCH_SHARE")
        #expect(
            ShippedFiles.find(
                "no-such-folder", environment: ["CASEBENCH_SHARE": share], executable: "/usr/local/bin/casebench")
                == nil)
        let roots = ShippedFiles.searchRoots(environment: [:], executable: "/usr/local/bin/casebench")
        #expect(roots.first?.origin == .workingDirectory)
        #expect(roots.last == ShippedRoot(path: "/usr/share/casebench", origin: .systemShare))
        #expect(roots.contains(ShippedRoot(path: "/usr/local/share/casebench", origin: .besideProgram)))
    }
}

@Suite("The datasets shell completion offers")
struct DatasetNamesTests {
    @Test("A dataset is a folder of data/ holding a dataset.json, under any root of the shipped files")
    func names() throws {
        let share = FileManager.default.temporaryDirectory.appendingPathComponent("share-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: share) }
        try FileManager.default.createDirectory(atPath: share + "/data/mine", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: share + "/data/notes", withIntermediateDirectories: true)
        try "{}".write(toFile: share + "/data/mine/dataset.json", atomically: true, encoding: .utf8)
        let names = Training.datasetNames(
            environment: ["CASEBENCH_SHARE": share], executable: "/nowhere/bin/casebench")
        #expect(names.contains("mine"))
        #expect(!names.contains("notes"))
        #expect(names == names.sorted())
        // Each name is one `demo --dataset` finds
        for name in names {
            #expect(
                Training.datasetDirectory(
                    named: name, environment: ["CASEBENCH_SHARE": share], executable: "/nowhere/bin/casebench") != nil)
        }
    }
}
