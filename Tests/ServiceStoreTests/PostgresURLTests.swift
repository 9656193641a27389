import ServiceStore
import Testing

@Suite("A PostgreSQL database named by URL: passwords stay out of it")
struct PostgresURLTests {
    @Test(
        "URLs with a host, a socket folder, a user or TLS settings are taken as they are",
        arguments: [
            "postgresql:///casebench?host=/var/run/postgresql",
            "postgresql://db.example.net:5433/casebench?user=casebench&sslmode=verify-full",
            "postgres://casebench@db.example.net/casebench",
            "postgresql://[2001:db8::1]/casebench?passfile=/etc/casebench/pgpass",
        ])
    func accepted(_ text: String) throws {
        #expect(PostgresURL.names(text))
        #expect(try PostgresURL(text).text == text)
    }

    @Test(
        "A password in the URL is refused, saying where it was and where it belongs",
        arguments: [
            ("postgresql://casebench:s3cret@db.example.net/casebench", "the user part (user:password@)"),
            ("postgresql://db.example.net/casebench?user=casebench&password=s3cret", "its parameters (password=)"),
            ("postgresql://db.example.net/casebench?PassWord=s3cret", "its parameters (password=)"),
            // libpq decodes a parameter's name: %70assword is password
            ("postgresql://db.example.net/casebench?%70assword=s3cret", "its parameters (password=)"),
        ])
    func passwordRefused(_ text: String, _ part: String) {
        #expect(throws: StoreError.self) { try PostgresURL(text) }
        do {
            _ = try PostgresURL(text)
        } catch {
            #expect(
                error.description
                    == "the database URL holds a password, in \(part): it would show in `ps` and stay in the shell's "
                    + "history; put it in ~/.pgpass (or the file PGPASSFILE names) and leave it out of the URL")
        }
    }

    @Test("A file path is not a URL, and a control character is refused by name")
    func notURLs() {
        #expect(!PostgresURL.names("/var/lib/casebench/prod.sqlite"))
        #expect(!PostgresURL.names("postgresql.sqlite"))
        do {
            _ = try PostgresURL("postgresql:///casebench\u{0}?host=/tmp")
            Issue.record("a NUL byte was accepted")
        } catch {
            #expect(error.description.hasPrefix("the database URL holds a control character (U+0)"))
        }
    }
}
