import Foundation
import ServiceCore

/// The user's own editor for long text — notes, reasons, a fault — as git and mutt offer it:
/// `$VISUAL`, else `$EDITOR`, else none (the form's field is then all there is).
///
/// The value is a command line for the shell (`vim`, `code -w`, `emacsclient -t`, `vim -u
/// NONE`), run as git runs it: `/bin/sh -c '$EDITOR "$@"' $EDITOR FILE`, through
/// `ChildProcess`, so the editor holds no group of the program. The text goes to a file of a
/// private folder (0700, the file 0600) named `NAME.txt`, and comes back checked as any text
/// typed: UTF-8, no NUL or other control character, at most `InputBounds.textLength`
/// characters, one line (lines are joined: the command language takes a note, a reason or a
/// subject as one line). The folder is removed however the edit ends. Nothing is recorded: the
/// text only goes back into the form, which is submitted as usual.
public struct ExternalEditor: Equatable, Sendable {
    /// The command line, as the shell reads it.
    public let command: String
    /// Where it came from: "VISUAL" or "EDITOR".
    public let variable: String

    /// `$VISUAL`, else `$EDITOR`; a variable set to nothing (or blanks) counts as not set. nil
    /// when neither names an editor.
    public init?(environment: [String: String]) {
        for name in ["VISUAL", "EDITOR"] {
            if let value = environment[name], value.contains(where: { !$0.isWhitespace }) {
                command = value
                variable = name
                return
            }
        }
        return nil
    }

    /// What an edit came to.
    public enum Outcome: Equatable, Sendable {
        /// The text from the editor, and how many lines were joined into it (0: it was one).
        case edited(String, joinedLines: Int)
        /// The field keeps its text; why, in words that say what and where.
        case kept(String)
    }

    /// Writes `text` to `NAME.txt` in a private folder, runs the editor on it inside `around`
    /// (which gives it the terminal: `Terminal.suspend(while:)`) with `environment`, and reads
    /// it back. `what` names the field in messages ("the note").
    public func edit(
        _ text: String, what: String, name: String, environment: [String: String],
        around: (() throws -> Int32) throws -> Int32
    ) -> Outcome {
        let kept =
            "\(what) \(what.hasSuffix("s") ? "were" : "was") kept as \(what.hasSuffix("s") ? "they were" : "it was")"
        let folder: String
        let file: String
        do {
            (folder, file) = try Self.makeFile(name: name, text: text, environment: environment)
        } catch {
            return .kept("the editor's file could not be made (\(error)): \(kept)")
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let status: Int32
        do {
            status = try around {
                try ChildProcess.run(
                    "/bin/sh", ["-c", command + " \"$@\"", command, file], environment: environment)
            }
        } catch {
            return .kept("the editor could not be started (\(error)): \(kept)")
        }
        if status == 127 {
            return .kept("the editor `\(command)` (from $\(variable)) was not found: \(kept)")
        }
        guard status == 0 else { return .kept("the editor exited with status \(status): \(kept)") }
        guard let data = FileManager.default.contents(atPath: file) else {
            return .kept("the editor left no file \(name).txt: \(kept)")
        }
        switch Self.read(Array(data), limit: InputBounds.textLength) {
        case .success(let (text, joined)): return .edited(text, joinedLines: joined)
        case .failure(let problem): return .kept("the editor's text \(problem.description): \(kept)")
        }
    }

    /// Why the editor's text cannot go back into the field.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The editor's bytes as one line of text: one trailing line break dropped, lines joined
    /// with a space (blank ones left out), and how many were joined (0 for one line). Refused:
    /// a NUL byte, bytes that are not UTF-8, another control character, more than `limit`
    /// characters — each said with its line.
    public static func read(_ bytes: [UInt8], limit: Int) -> Result<(String, Int), Problem> {
        func line(at offset: Int) -> Int { bytes[..<offset].filter { $0 == 0x0A }.count + 1 }
        if let nul = bytes.firstIndex(of: 0) {
            return .failure(Problem(description: "holds a NUL byte on line \(line(at: nul)) (byte \(nul + 1))"))
        }
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: break decoding
            case .error:
                return .failure(
                    Problem(description: "is not UTF-8 on line \(line(at: offset)) (byte \(offset + 1))"))
            }
        }
        // A line break from Windows is a line break; a carriage return alone is a control character.
        var text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        if text.hasSuffix("\n") { text.removeLast() }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (i, l) in lines.enumerated() {
            if let problem = InputBounds.textProblem(l) {
                return .failure(Problem(description: "on line \(i + 1) \(problem)"))
            }
        }
        let result: String
        var joined = 0
        if lines.count <= 1 {
            result = lines.first ?? ""
        } else {
            let kept = lines.map { String($0.reversed().drop { $0.isWhitespace }.reversed()) }.filter { !$0.isEmpty }
            result = kept.joined(separator: " ")
            joined = kept.count > 1 ? kept.count : 0
        }
        guard result.count <= limit else {
            return .failure(
                Problem(description: "is \(result.count.grouped) characters long; a text is at most \(limit.grouped)"))
        }
        return .success((result, joined))
    }

    /// A folder only the user can enter, in `$TMPDIR` (else /tmp), and in it `NAME.txt`, the
    /// user's only, holding `text` and a line break, as editors write a file.
    static func makeFile(name: String, text: String, environment: [String: String]) throws -> (String, String) {
        var folder: String?
        for base in [environment["TMPDIR"], "/tmp"].compactMap({ $0 }).filter({ !$0.isEmpty }) {
            var template = Array((base + "/casebench-edit-XXXXXX").utf8CString)
            if let made = mkdtemp(&template) {
                folder = String(cString: made)
                break
            }
        }
        guard let folder else { throw Problem(description: "no private folder: \(String(cString: strerror(errno)))") }
        let file = folder + "/" + name + ".txt"
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let why = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: folder)
            throw Problem(description: "\(file): \(why)")
        }
        defer { close(fd) }
        let bytes = Array((text.isEmpty ? "" : text + "\n").utf8)
        guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            let why = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: folder)
            throw Problem(description: "\(file): \(why)")
        }
        return (folder, file)
    }
}
