// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Casebench",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "casebench", targets: ["casebench"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Pure rules: no I/O, no dependencies.
        .target(name: "ServiceCore"),
        // GRDB over SQLite: migrations, records, intent-named writes, queries; the audit
        // trail's hash chain (SHA-256 from swift-crypto); the PostgreSQL connection (libpq).
        .target(
            name: "ServiceStore",
            dependencies: [
                "ServiceCore", "CLibPQ", "CSQLiteSettings",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, which GRDB is built on: the bulk loader steps its statements itself.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                // The desk's credentials file (DeskCredentials), TOML as the config is.
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]),
        // SQLite's process-wide settings, set through its variadic C function.
        .target(name: "CSQLiteSettings", linkerSettings: [.linkedLibrary("sqlite3")]),
        // libpq, PostgreSQL's client library (Debian: libpq-dev to build, libpq5 to run), opened
        // at the first PostgreSQL connection rather than linked: a SQLite desk never maps it.
        .target(name: "CLibPQ"),
        // Session, command catalogue, command language, undo/redo. No SQL.
        .target(name: "Workbench", dependencies: ["ServiceCore", "ServiceStore"]),
        // ncursesw, as a system library (Debian: libncurses-dev).
        .systemLibrary(name: "CNCursesW"),
        // Terminal protocol, ncurses backend, virtual screen, widgets, keymaps and themes (TOML).
        // Knows nothing of cases.
        .target(
            name: "TextUI",
            dependencies: [
                "CNCursesW",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]),
        // The workbench screen: panes, layout, action table, event loop, dialogs.
        .target(name: "WorkbenchUI", dependencies: ["Workbench", "TextUI"]),
        // Argument parsing and wiring only.
        .executableTarget(
            name: "casebench",
            dependencies: [
                "Workbench", "WorkbenchUI", "TextUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            plugins: ["BuildCommit"]),
        // Writes the commit being built into the program, for `casebench --version`.
        .plugin(name: "BuildCommit", capability: .buildTool()),
        .testTarget(
            name: "ServiceCoreTests",
            dependencies: [
                "ServiceCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(name: "ServiceStoreTests", dependencies: ["ServiceStore", "PostgresTestSupport"]),
        // The throw-away PostgreSQL cluster the engine's tests use (scripts/pg-cluster.sh).
        .target(name: "PostgresTestSupport", dependencies: ["ServiceStore"], path: "Tests/PostgresTestSupport"),
        // What the reliability harnesses share (issue 17): their parameters from the environment,
        // the log of each input before it runs, and the figures `Reliability/run.sh` tabulates.
        .target(name: "ReliabilitySupport", dependencies: ["ServiceCore"], path: "Tests/ReliabilitySupport"),
        .testTarget(
            name: "WorkbenchTests",
            dependencies: [
                "Workbench", "ReliabilitySupport", "PostgresTestSupport",
                // A scratch database standing in for the ERP that imports the outbox.
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(name: "TextUITests", dependencies: ["TextUI"]),
        // Screens/ holds the golden screens, read by path from the source tree: not sources.
        .testTarget(
            name: "WorkbenchUITests",
            dependencies: [
                "WorkbenchUI", "ReliabilitySupport",
                // To set up what no command makes: a desk whose case numbers are in the millions.
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Screens"]),
        // Checks on the repository itself, read as files (imports between layers, links in
        // the documents): no dependencies, so they build in seconds.
        .testTarget(name: "RepositoryTests"),
        // A program that starts a child as the workbench would (`ChildProcess`), run setgid by
        // the shared-deployment tests: the editor the workbench will start stands in for it.
        .executableTarget(name: "ChildProbe", dependencies: ["Workbench"], path: "Tests/ChildProbe"),
        // Drives the built `casebench` binary as a user's shell would.
        .testTarget(
            name: "CasebenchCLITests",
            dependencies: ["casebench", "ChildProbe", "ReliabilitySupport", "PostgresTestSupport"]),
    ]
)
