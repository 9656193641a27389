import ArgumentParser
import Foundation
import ServiceCore
import ServiceStore
import Workbench

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a production database; you become its first admin.")

    @OptionGroup var options: DatabaseOptions

    @Option(help: "Your name, as the first admin.")
    var name: String?

    func run() throws {
        if options.actingAs != nil { fail(Failure(description: "--as is honoured on training databases only; init creates a production database")) }
        let path = options.databasePath()
        let account = OSAccount.current()
        do {
            _ = try AppDatabase.create(at: path, kind: .production,
                                       creator: User(account: account, name: name ?? account, role: .admin),
                                       at: Session.systemClock())
        } catch { fail(error) }
        print("created the production database \(path); \(account) is its first admin")
    }
}
