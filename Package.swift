// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Casebench",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "casebench", targets: ["casebench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Pure rules: no I/O, no dependencies.
        .target(name: "ServiceCore"),
        // GRDB over SQLite: migrations, records, intent-named writes, queries.
        .target(name: "ServiceStore", dependencies: [
            "ServiceCore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // Session, command catalogue, command language, undo/redo. No SQL.
        .target(name: "Workbench", dependencies: ["ServiceCore", "ServiceStore"]),
        // Argument parsing and wiring only.
        .executableTarget(name: "casebench", dependencies: [
            "Workbench",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "ServiceCoreTests", dependencies: [
            "ServiceCore",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "ServiceStoreTests", dependencies: ["ServiceStore"]),
        .testTarget(name: "WorkbenchTests", dependencies: ["Workbench"]),
        // Drives the built `casebench` binary as a user's shell would.
        .testTarget(name: "CasebenchCLITests", dependencies: ["casebench"]),
    ]
)
