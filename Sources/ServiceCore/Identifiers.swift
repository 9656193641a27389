/// Ids of records Casebench creates itself. Master data keeps the ERP's own string keys
/// (customer id, sku, serial, contract number, template id, bin id, user account).
public struct RecordID<Entity>: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { String(rawValue) }
    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(Int64.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

public typealias CaseID = RecordID<ServiceCase>
public typealias VisitID = RecordID<Visit>
public typealias LineID = RecordID<CaseLine>
public typealias OverrideID = RecordID<OverrideRequest>
public typealias OutcomeID = RecordID<BillingOutcome>
