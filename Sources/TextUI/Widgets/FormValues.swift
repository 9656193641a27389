/// What a submitted form holds: every field's value, trimmed, read back through the field
/// itself — `values[technician]` — so a field cannot be misspelt where it is read.
public struct FormValues: Equatable, Sendable, ExpressibleByDictionaryLiteral {
    private var byName: [String: String]

    public init(_ byName: [String: String]) { self.byName = byName }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// The field's value; nil only for a field the form did not have.
    public subscript(field: FormField) -> String? { byName[field.name] }

    /// The field's value, "" when the form did not have it. A required field is never empty:
    /// the form does not submit until it is filled.
    public func text(_ field: FormField) -> String { byName[field.name] ?? "" }
}
