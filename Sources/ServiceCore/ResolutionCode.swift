/// A code of the desk's list of resolutions: what a technician's work on a case came to
/// (`resolve CASE CODE NOTES`), with the description shown beside it when he picks one.
public struct ResolutionCode: Hashable, Sendable, Codable {
    public var code: String
    public var description: String
    /// A retired code stays on the list for the cases resolved with it, but is no longer
    /// offered or taken for new work.
    public var active: Bool

    public init(code: String, description: String, active: Bool = true) {
        self.code = code
        self.description = description
        self.active = active
    }

    /// The code as the desk keeps it: codes are upper case, and a technician on site types
    /// "fixed" on a phone's keyboard as readily as "FIXED".
    public static func normalised(_ typed: String) -> String { typed.uppercased() }

    /// Why `code` (already normalised) cannot resolve a case on a desk with `list`; nil when
    /// it can. An empty list takes any well-formed code, as every desk did before the list
    /// existed, so a database from then keeps working until an admin imports its codes.
    public static func problem(with code: String, among list: [ResolutionCode]) -> String? {
        guard !list.isEmpty else { return nil }
        if let known = list.first(where: { $0.code == code }) {
            return known.active ? nil : "resolution code \(code) is retired; \(offered(list))"
        }
        return "no resolution code \(code); \(offered(list))"
    }

    /// The active codes, as a message names them: all of a short list, else the first dozen.
    static func offered(_ list: [ResolutionCode]) -> String {
        let codes = list.filter(\.active).map(\.code).sorted()
        guard !codes.isEmpty else { return "the desk has no active resolution codes; an admin imports them" }
        let shown = codes.prefix(12).joined(separator: ", ")
        let more = codes.count > 12 ? " and \(codes.count - 12) more (Tab completes them)" : ""
        return "the codes are \(shown)\(more)"
    }
}
