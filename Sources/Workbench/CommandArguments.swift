import ServiceCore

/// A kind of argument tied to the Swift type a command reads it as. Made only by the
/// factories below, so no kind can be read as another type. (Later: where a kind's bounds go.)
struct ArgumentType<Value: Sendable>: Sendable {
    let kind: ArgumentKind
    /// The parsed value as `Value`; the parser made it from `kind`, so it is never nil.
    let value: @Sendable (ArgumentValue) -> Value?

    private init(_ kind: ArgumentKind, _ value: @escaping @Sendable (ArgumentValue) -> Value?) {
        self.kind = kind
        self.value = value
    }
}

extension ArgumentType where Value == String {
    private static func word(_ kind: ArgumentKind) -> Self {
        Self(kind) { if case .text(let v) = $0 { v } else { nil } }
    }

    static let text = word(.text), user = word(.user), technician = word(.technician), customer = word(.customer)
    static let serial = word(.serial), sku = word(.sku), bin = word(.bin), contract = word(.contract)
    static let template = word(.template), region = word(.region), reasonCode = word(.reasonCode)
    static let resolutionCode = word(.resolutionCode)

    /// One of these words, e.g. `.choice(["billable", "proposed"])`.
    static func choice(_ words: [String]) -> Self { word(.choice(words)) }
}

extension ArgumentType where Value: RawRepresentable, Value.RawValue == String {
    /// One of these cases, written as its raw value: `.choice(ContractStatus.allCases)`.
    static func choice(_ cases: [Value]) -> Self {
        Self(.choice(cases.map(\.rawValue))) { if case .text(let v) = $0 { Value(rawValue: v) } else { nil } }
    }
}

extension ArgumentType {
    /// An id Casebench made; `@` names the last one of its kind created in the session.
    private static func record<Entity>(_ kind: ArgumentKind) -> Self where Value == RecordID<Entity> {
        Self(kind) { if case .id(let v) = $0 { RecordID(v) } else { nil } }
    }
}

extension ArgumentType where Value == CaseID { static let caseID = record(.caseID) }
extension ArgumentType where Value == VisitID { static let visitID = record(.visitID) }
extension ArgumentType where Value == LineID { static let lineID = record(.lineID) }
extension ArgumentType where Value == OverrideID { static let overrideID = record(.overrideID) }
extension ArgumentType where Value == ReservationID { static let reservationID = record(.reservationID) }
extension ArgumentType where Value == OutcomeID { static let outcomeID = record(.outcomeID) }

extension ArgumentType where Value == Int {
    /// A whole number from `range`: the parser refuses one outside it, and `help` shows it.
    static func integer(_ range: ClosedRange<Int>) -> Self {
        Self(.integer(range)) { if case .integer(let v) = $0 { v } else { nil } }
    }

    /// The bounds of `InputBounds`, for the arguments that count units, minutes and days.
    static let quantity = integer(InputBounds.quantity), adjustment = integer(InputBounds.adjustment)
    static let minutes = integer(InputBounds.minutes), days = integer(InputBounds.days)
}

extension ArgumentType where Value == Money {
    static let money = Self(.money) { if case .money(let v) = $0 { v } else { nil } }
}

extension ArgumentType where Value == CivilDate {
    static let date = Self(.date) { if case .date(let v) = $0 { v } else { nil } }
}

extension ArgumentType where Value == Timestamp {
    static let timestamp = Self(.timestamp) { if case .timestamp(let v) = $0 { v } else { nil } }
}

/// What the parser, usage, help and completion see of a declared argument or option.
protocol DeclaredArgument: Sendable { var spec: ArgumentSpec { get } }
protocol DeclaredOption: Sendable { var spec: OptionSpec { get } }

/// A positional argument, declared once with its type next to its command: the command's spec
/// lists it, and its run reads it with `inv[argument]` as `Value` (`Wrapped?` when optional).
struct Argument<Value: Sendable>: DeclaredArgument {
    let spec: ArgumentSpec
    /// The value from what the parser found under the name (nil: left out).
    let value: @Sendable (ArgumentValue?) -> Value

    private init(spec: ArgumentSpec, value: @escaping @Sendable (ArgumentValue?) -> Value) {
        self.spec = spec
        self.value = value
    }

    /// A required argument: the parser refuses a line without it, so it is always there.
    /// `rest`: it takes the rest of the line, so free text needs no quotes.
    init(_ name: String, _ type: ArgumentType<Value>, _ help: String, rest: Bool = false) {
        self.init(spec: ArgumentSpec(name, type.kind, help, rest: rest)) { parsed in
            guard let value = parsed.flatMap(type.value) else { preconditionFailure("argument \(name) was not parsed") }
            return value
        }
    }

    /// An argument that may be left out: read as nil then.
    static func optional<Wrapped>(
        _ name: String, _ type: ArgumentType<Wrapped>, _ help: String,
        rest: Bool = false
    ) -> Self where Value == Wrapped? {
        Self(spec: ArgumentSpec(name, type.kind, help, optional: true, rest: rest)) { $0.flatMap(type.value) }
    }
}

/// A `name=value` option, declared like an argument; `inv[option]` reads it as `Value?`.
struct Option<Value: Sendable>: DeclaredOption {
    let spec: OptionSpec
    let value: @Sendable (ArgumentValue) -> Value?

    init(_ name: String, _ type: ArgumentType<Value>, _ help: String) {
        spec = OptionSpec(name, type.kind, help)
        value = type.value
    }
}
