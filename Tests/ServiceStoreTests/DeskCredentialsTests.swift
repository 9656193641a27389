import Foundation
import Testing

@testable import ServiceStore

@Suite("The desk's credentials file: its password goes to the URL it names, and nowhere else")
struct DeskCredentialsTests {
    static let file = "/etc/casebench/credentials.toml"
    static let desk = "postgresql://db.example.net/casebench?user=casebench&sslmode=verify-full"

    static func parse(_ text: String, mode: mode_t = 0o100640) throws -> DeskCredentials {
        try DeskCredentials.parse(text, file: file, mode: mode)
    }

    @Test("The password is for the URL exactly as the file writes it: any other text gets none")
    func exactURL() throws {
        let credentials = try Self.parse(
            """
            # the desk's own role
            database = "\(Self.desk)"
            password = "correct horse"
            """)
        #expect(try credentials.password(for: PostgresURL(Self.desk)) == "correct horse")
        for other in [
            Self.desk + "&application_name=mine", // a parameter added
            "postgresql://db.example.net/casebench?user=casebench", // one taken away
            "postgresql://evil.example.net/casebench?user=casebench&sslmode=verify-full",
            "postgresql://DB.example.net/casebench?user=casebench&sslmode=verify-full",
        ] {
            #expect(try credentials.password(for: PostgresURL(other)) == nil, "\(other)")
        }
    }

    @Test("A file every account can read holds no secret: its password is refused, naming the file and the fix")
    func exposedFile() throws {
        let credentials = try Self.parse("database = \"\(Self.desk)\"\npassword = \"pw\"\n", mode: 0o100644)
        #expect(
            throws: StoreError.invalid(
                "\(Self.file) can be read by every account (mode 644), so the password in it is no secret and is not used: "
                    + "chmod 0640 it, owner root, group casebench")
        ) { try credentials.password(for: PostgresURL(Self.desk)) }
        // A connection elsewhere is not its business
        #expect(try credentials.password(for: PostgresURL("postgresql:///other")) == nil)
    }

    @Test(
        "A file that cannot be understood says what and where",
        arguments: [
            ("database = \"\(desk)\"\npassword = \"pw", "\(file):2:15: Error while parsing string"),
            (
                "database = \"\(desk)\"\npassword = \"pw\"\nuser = \"x\"\n",
                "\(file): unknown key `user`: it holds `database` (the URL) and `password` only"
            ),
            ("password = \"pw\"\n", "\(file): `database` must be the URL of the desk the password is for, as a string"),
            (
                "database = \"\(desk)\"\npassword = 42\n",
                "\(file): `password` must be the desk role's password, as a string"
            ),
            (
                "database = \"\(desk)\"\npassword = \"\"\n",
                "\(file): `password` must be the desk role's password, as a string"
            ),
            (
                "database = \"\(desk)\"\npassword = \"a\\u0000b\"\n",
                "\(file): holds a NUL character (\\u0000), which no connection can send"
            ),
            (
                "database = \"/var/lib/casebench/desk.sqlite\"\npassword = \"pw\"\n",
                "\(file): `database`: /var/lib/casebench/desk.sqlite is not a PostgreSQL URL: it starts with postgresql://"
            ),
            (
                "database = \"postgresql://u:pw@db/x\"\npassword = \"pw\"\n",
                "\(file): `database`: the database URL holds a password, in the user part (user:password@)"
            ),
        ])
    func refused(_ text: String, _ message: String) {
        do {
            _ = try Self.parse(text)
            Issue.record("accepted: \(text)")
        } catch let error as StoreError {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        } catch {
            Issue.record("not a StoreError: \(error)")
        }
    }

    @Test("A missing file is no credentials; a file is read with its mode")
    func reading() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("casebench-credentials-\(UUID())")
            .path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/credentials.toml"
        #expect(try DeskCredentials.read(file: file) == nil)
        try "database = \"\(Self.desk)\"\npassword = \"pw\"\n".write(toFile: file, atomically: false, encoding: .utf8)
        #expect(chmod(file, 0o604) == 0)
        let read = try #require(try DeskCredentials.read(file: file))
        #expect(read.database == Self.desk)
        #expect(throws: StoreError.self) { try read.password(for: PostgresURL(Self.desk)) }
        #expect(chmod(file, 0o640) == 0)
        #expect(try DeskCredentials.read(file: file)?.password(for: PostgresURL(Self.desk)) == "pw")
        // A folder in its place is no file
        #expect(throws: StoreError.invalid("\(folder): is not a file")) { try DeskCredentials.read(file: folder) }
    }
}
