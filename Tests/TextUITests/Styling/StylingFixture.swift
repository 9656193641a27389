import Foundation

@testable import TextUI

/// Temporary directories with small config files, and the shipped themes.
enum StylingFixture {
    /// …/Tests/TextUITests/Styling/StylingFixture.swift, four levels up: the package root.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var shippedThemes: String { packageRoot + "/themes" }

    /// A fresh, empty directory of its own for one test.
    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("styling-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` to `dir/name` (creating folders on the way) and returns the path.
    @discardableResult
    static func write(_ text: String, to name: String, in dir: String) throws -> String {
        let path = (dir as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func remove(_ dir: String) { try? FileManager.default.removeItem(atPath: dir) }

    /// `"role" = {}` for every role but `except`, one per line: the rest of a complete theme.
    static func plainRoles(except: Set<String> = []) -> String {
        StyleRole.all.map(\.rawValue).filter { !except.contains($0) }.map { "\"\($0)\" = {}" }.joined(separator: "\n")
    }

}
