// The one file of the store that imports GRDB publicly: a conformance of the core's values to
// GRDB's protocols is public by nature. Every other file imports it `internal`, so the compiler
// refuses a GRDB type in any other public declaration of the store (RepositoryTests keep it so).
public import GRDB
import ServiceCore

// How the core's values sit in SQLite: money as integer minor units, dates as "YYYY-MM-DD"
// text (which sorts), instants as integer seconds, record ids as integers.

extension Money: SQLExpressible {}
extension Money: StatementBinding {}
extension Money: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { minorUnits.databaseValue }
    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Money? {
        Int64.fromDatabaseValue(dbValue).map(Money.init(minorUnits:))
    }
}

extension CivilDate: SQLExpressible {}
extension CivilDate: StatementBinding {}
extension CivilDate: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }
    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> CivilDate? {
        String.fromDatabaseValue(dbValue).flatMap(CivilDate.init(parsing:))
    }
}

extension Timestamp: SQLExpressible {}
extension Timestamp: StatementBinding {}
extension Timestamp: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { seconds.databaseValue }
    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Timestamp? {
        Int64.fromDatabaseValue(dbValue).map(Timestamp.init(seconds:))
    }
}

extension RecordID: SQLExpressible {}
extension RecordID: StatementBinding {}
extension RecordID: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { rawValue.databaseValue }
    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> RecordID? {
        Int64.fromDatabaseValue(dbValue).map(RecordID.init)
    }
}

// Raw-value enums are stored as their raw text (GRDB's RawRepresentable default).
extension Role: DatabaseValueConvertible {}
extension CaseStatus: DatabaseValueConvertible {}
extension VisitStatus: DatabaseValueConvertible {}
extension LineKind: DatabaseValueConvertible {}
extension Classification: DatabaseValueConvertible {}
extension ContractStatus: DatabaseValueConvertible {}
extension CostingMethod: DatabaseValueConvertible {}
extension BinKind: DatabaseValueConvertible {}
extension OverrideKind: DatabaseValueConvertible {}
extension OverrideStatus: DatabaseValueConvertible {}
extension OutcomeKind: DatabaseValueConvertible {}
extension PortionKind: DatabaseValueConvertible {}
extension ClaimStatus: DatabaseValueConvertible {}
extension EntitlementOutcome: DatabaseValueConvertible {}
