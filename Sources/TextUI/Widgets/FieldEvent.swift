/// What a key did to a `TextField`, for the form or prompt that holds it.
public enum FieldEvent: Hashable, Sendable {
    /// The value changed.
    case changed
    /// The key was used but the value stayed (the cursor moved, a list opened or closed).
    case unchanged
    /// Enter: the user is done with the value.
    case submit
    /// Esc.
    case cancel
    /// Tab (with nothing left to complete) or Down: go to the next field.
    case next
    /// S-Tab or Up: go to the previous field.
    case previous
    /// Not a key the field uses (F1, say): the caller may give it to someone else.
    case ignored
}
