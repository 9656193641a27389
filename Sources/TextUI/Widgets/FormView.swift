/// One field of a form: `name` keys its value in the submitted values, `label` is shown. Its
/// value is read back through the field itself (`FormValues`), so keep the field in a constant.
public struct FormField {
    public var name: String
    public var label: String
    /// The value the field starts with.
    public var value: String
    public var placeholder: String
    /// An optional field may be left empty; its validator then is not asked.
    public var isOptional: Bool
    /// nil when the value is valid, else what is wrong with it.
    public var validator: ((String) -> String?)?
    public var completion: ((String) -> [String])?
    /// Completions with a note each, shown beside them; asked instead of `completion` when set.
    public var describedCompletion: ((String) -> [Completion])?
    /// Free text that may run long — a note, a reason, technician notes, a fault — which the
    /// user's editor may write (`FormView.editorKey`); codes, numbers and names are not.
    public var isLongText: Bool

    public init(
        _ name: String, label: String? = nil, value: String = "", placeholder: String? = nil,
        optional: Bool = false, longText: Bool = false, validator: ((String) -> String?)? = nil,
        completion: ((String) -> [String])? = nil, describedCompletion: ((String) -> [Completion])? = nil
    ) {
        self.name = name
        self.label = label ?? name
        self.value = value
        self.placeholder = placeholder ?? (optional ? "optional" : "")
        self.isOptional = optional
        self.validator = validator
        self.completion = completion
        self.describedCompletion = describedCompletion
        self.isLongText = longText
    }
}

public enum FormEvent: Equatable, Sendable {
    /// Still open: a key edited a field, moved between fields, or was refused by validation.
    case editing
    /// Every field valid: the values, trimmed, read back by field.
    case submitted(FormValues)
    case cancelled
    /// A key the form does not use (F1, say): the caller may give it to someone else.
    case ignored
    /// The editor key on the long-text field at this index: the caller opens its text in the
    /// user's editor and puts what comes back in the field.
    case editInEditor(Int)
}

/// A modal box of labelled text fields. Tab, S-Tab, Up and Down move between fields; Enter
/// moves on, and submits on the last field that needs a value — when every field after it is
/// optional or already holds a valid one; C-s submits from anywhere; Esc cancels; C-x C-e
/// (`editorKey`) opens a long-text field in the user's editor, when the caller offers one.
/// Submitting validates every field and, if one is wrong, focuses the first wrong one.
public final class FormView {
    public var title: String
    public let fields: [FormField]
    /// The text fields, in the order of `fields`.
    public let inputs: [TextField]
    public private(set) var focusIndex = 0
    /// What an empty required field is told.
    public var requiredMessage = "Required"
    /// The key hint at the bottom of the box, with the editor key when it is offered.
    public var hint: String {
        get { takesEditorKey ? keys + " · C-x C-e editor" : keys }
        set { keys = newValue }
    }
    private var keys = "Tab next · S-Tab back · C-s save · Esc cancel"
    /// Whether the user has an editor (`$VISUAL`, `$EDITOR`) for long-text fields: without one
    /// the editor key is neither shown nor taken.
    public var offersEditor = false
    /// An editor is offered and a field here may use it.
    private var takesEditorKey: Bool { offersEditor && fields.contains(where: \.isLongText) }
    /// The editor key, as bash's and readline's edit-and-execute-command: Ctrl-X, then Ctrl-E.
    /// Neither C-e alone (the fields' end of line, as readline's) nor an F-key (F4 is verify,
    /// and global keys are the panes') is free; C-x is used by no field or form, and someone
    /// who edits a long shell command in $EDITOR already has it in the fingers.
    public static let editorKey = (Key.control("x"), Key.control("e"))
    /// C-x was pressed: the next key may complete the editor key.
    private var editorKeyStarted = false
    /// Columns for the text fields when the screen allows.
    public var fieldWidth = 32

    public init(title: String, fields: [FormField]) {
        self.title = title
        self.fields = fields
        inputs = fields.map {
            TextField(
                value: $0.value, placeholder: $0.placeholder, completion: $0.completion,
                describedCompletion: $0.describedCompletion)
        }
        focus(0)
    }

    /// The value of the field named `name`, as typed (untrimmed).
    public func value(of name: String) -> String? {
        fields.firstIndex { $0.name == name }.map { inputs[$0].value }
    }

    /// The value of `field`, as typed (untrimmed).
    public func value(of field: FormField) -> String? { value(of: field.name) }

    public func focus(_ index: Int) {
        guard !inputs.isEmpty else { return }
        focusIndex = min(max(0, index), inputs.count - 1)
        for (i, input) in inputs.enumerated() { input.isFocused = i == focusIndex }
    }

    /// What is wrong with field `index`'s value; nil when it is valid. An empty value is
    /// wrong only in a required field, and only when `requireValue` (so moving through a form
    /// does not scold fields not filled in yet).
    public func problem(at index: Int, requireValue: Bool = true) -> String? {
        let value = inputs[index].value.trimmingWhitespace
        if value.isEmpty {
            return fields[index].isOptional || !requireValue ? nil : requiredMessage
        }
        return fields[index].validator?(value)
    }

    /// Validates every field, shows each one's message, focuses the first wrong one, and
    /// answers whether all are valid.
    @discardableResult
    public func validate() -> Bool {
        var firstWrong: Int?
        for i in inputs.indices {
            inputs[i].message = problem(at: i)
            if inputs[i].message != nil, firstWrong == nil { firstWrong = i }
        }
        if let firstWrong { focus(firstWrong) }
        return firstWrong == nil
    }

    /// The field drawn at `point` in the last frame (its label or its input); nil elsewhere,
    /// and while a completion list is drawn over the fields below the focused one.
    public func field(at point: Point) -> Int? {
        guard !drewCandidates else { return nil }
        return drawnFields.first { $0.row.contains(point) }?.index
    }

    /// Moves to field `index` as Tab would: the field left is checked as it is left.
    public func moveFocus(to index: Int) {
        guard inputs.indices.contains(index), index != focusIndex else { return }
        leave(to: index)
    }

    public func handle(_ key: Key) -> FormEvent {
        guard !inputs.isEmpty else { return key == .escape ? .cancelled : .ignored }
        if key == .control("s") { return submit() }
        let input = inputs[focusIndex]
        if editorKeyStarted {
            editorKeyStarted = false
            if key == Self.editorKey.1 {
                guard fields[focusIndex].isLongText else {
                    input.message = "only notes and reasons open in the editor"
                    return .editing
                }
                input.message = nil
                return .editInEditor(focusIndex)
            }
            // Any other key after C-x does what it always does.
        } else if takesEditorKey, key == Self.editorKey.0 {
            editorKeyStarted = true
            return .editing
        }
        switch input.handle(key) {
        case .changed:
            input.message = nil
            return .editing
        case .unchanged: return .editing
        case .submit:
            // Past the last field that needs typing, Enter is the save an agent reaches for: the
            // optional fields and the values already proposed (a visit's times) stay as they are,
            // and Tab still visits them.
            if inputs.indices.dropFirst(focusIndex + 1).allSatisfy({ problem(at: $0) == nil }) { return submit() }
            leave(to: focusIndex + 1)
            return .editing
        case .cancel: return .cancelled
        case .next:
            leave(to: key == .down ? min(focusIndex + 1, inputs.count - 1) : (focusIndex + 1) % inputs.count)
            return .editing
        case .previous:
            leave(to: key == .up ? max(focusIndex - 1, 0) : (focusIndex + inputs.count - 1) % inputs.count)
            return .editing
        case .ignored: return .ignored
        }
    }

    /// Leaving a field checks what was typed in it, so a mistake shows while it is fresh.
    private func leave(to index: Int) {
        inputs[focusIndex].message = problem(at: focusIndex, requireValue: false)
        focus(index)
    }

    private func submit() -> FormEvent {
        guard validate() else { return .editing }
        var values: [String: String] = [:]
        for (field, input) in zip(fields, inputs) { values[field.name] = input.value.trimmingWhitespace }
        return .submitted(FormValues(values))
    }

    // MARK: Rendering

    /// The box's size when space allows: a row per field and per message, padding, the hint;
    /// wide enough for the fields, the title, the hint and the messages shown.
    public var preferredSize: Size {
        let labels = labelWidth
        let messages = inputs.compactMap(\.message).map { DisplayWidth.of($0) }.max() ?? 0
        let content = max(labels + 1 + max(fieldWidth, messages), DisplayWidth.of(title) + 4, DisplayWidth.of(hint))
        let rows = inputs.count + inputs.filter { $0.message != nil }.count
        return Size(width: content + 4, height: rows + 5)
    }

    /// Where the last frame drew each field shown, a row each, and whether it drew a
    /// completion list over them: what a click is measured against.
    private var drawnFields: [(index: Int, row: Rect)] = []
    private var drewCandidates = false

    private var labelWidth: Int { (fields.map { DisplayWidth.of($0.label) }.max() ?? 0) + 1 }

    /// Draws the form centred in `area` and returns where the cursor goes.
    @discardableResult
    public func render(on canvas: inout Canvas, in area: Rect, styles: some StyleProvider) -> Point? {
        drawnFields = []
        drewCandidates = false
        let box = area.centered(preferredSize)
        let inner = canvas.drawBox(box, title: title, fill: .dialog, styles: styles)
        // One column of padding inside the frame on each side, one row on top.
        let content = Rect(x: inner.x + 1, y: inner.y + 1, width: inner.width - 2, height: inner.height - 1)
        guard !content.isEmpty else { return nil }
        let labels = min(labelWidth, content.width / 2)
        // The fields get the rows above the gap and the hint; when they are too few, the
        // fields scroll so the focused one shows.
        let fieldRows = content.height - 2
        let rowsOf = inputs.map { $0.message == nil ? 1 : 2 }
        var first = 0
        while first < focusIndex, rowsOf[first...focusIndex].reduce(0, +) > fieldRows { first += 1 }
        var y = content.y
        var cursor: Point?
        var focusedRect: Rect?
        for (i, input) in inputs.enumerated().dropFirst(first) {
            let rows = rowsOf[i]
            guard y < content.y + fieldRows else { break }
            canvas.put(
                DisplayWidth.fit(fields[i].label + ":", to: labels, ellipsis: true), x: content.x, y: y,
                limit: labels, role: .dialog, styles: styles)
            let rect = Rect(
                x: content.x + labels + 1, y: y, width: content.width - labels - 1,
                height: min(rows, content.y + fieldRows - y))
            if let point = input.render(on: &canvas, in: rect, styles: styles) { cursor = point }
            if i == focusIndex { focusedRect = rect.row(0) }
            drawnFields.append((i, Rect(x: content.x, y: y, width: content.width, height: 1)))
            y += rows
        }
        canvas.put(
            DisplayWidth.fit(hint, to: content.width, ellipsis: true), x: content.x, y: content.maxY - 1,
            limit: content.width, role: .dim, styles: styles)
        if let focusedRect {
            inputs[focusIndex].renderCandidates(on: &canvas, below: focusedRect, styles: styles)
            drewCandidates = !inputs[focusIndex].candidates.isEmpty
        }
        return cursor
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
