/// What kind of error it was, for the debug log: a store error's case ("StoreError.diskFull"),
/// else the error's type — never its message, which may quote a customer's words.
public func logKind(of error: Error) -> String {
    if let store = error as? StoreError, let name = Mirror(reflecting: store).children.first?.label {
        return "StoreError.\(name)"
    }
    return String(describing: type(of: error))
}
