import Foundation

/// Runs the built `casebench` binary with a private HOME, as a user's shell would.
struct Casebench {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    let home: String

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("casebench-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: home) }

    func path(_ name: String) -> String { (home as NSString).appendingPathComponent(name) }

    /// The binary `swift build` made beside this test bundle.
    static let binary: String = {
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            bundleDir.appendingPathComponent("casebench").path,
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug/casebench").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }()

    func run(_ arguments: [String], input: String = "", environment extra: [String: String] = [:]) throws -> Run {
        try Self.spawn(Self.binary, arguments, input: input, environment: environment(extra), directory: home)
    }

    /// The child's whole environment: this HOME, and what the test adds (`ChildEnvironment`).
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        ChildEnvironment.with(["HOME": home].merging(extra) { $1 })
    }

    /// Runs a program to its end with `input` on its standard input; what it printed and its
    /// status. `environment` is all it sees (see `ChildEnvironment`).
    static func spawn(
        _ executable: String, _ arguments: [String], input: String, environment: [String: String],
        directory: String? = nil
    ) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }
}
