import Foundation
import Testing

@testable import Workbench

@Suite("Starting another program (ChildProcess)")
struct ChildProcessTests {
    @Test("The child gets the standard three descriptors and none other of the program's, and its exit status")
    func descriptors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cb-child-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A file opened as a library might, without close-on-exec
        let leaked = open(folder + "/kept", O_WRONLY | O_CREAT, 0o600)
        #expect(leaked > 2)
        defer { close(leaked) }
        let status = try ChildProcess.run(
            "/bin/sh", ["-c", "ls /proc/$$/fd > '\(folder)/fds'; exit 3"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(status == 3)
        let fds = try String(contentsOfFile: folder + "/fds", encoding: .utf8).split(separator: "\n")
        #expect(!fds.contains("\(leaked)"), "\(fds)")
        #expect(fds.contains("0") && fds.contains("1") && fds.contains("2"))
        // Still the program's own
        #expect(fcntl(leaked, F_GETFD) >= 0)
    }
}
