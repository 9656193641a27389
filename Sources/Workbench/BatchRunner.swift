/// Runs command-language lines one by one, printing one result per command.
public enum BatchRunner {
    public struct Summary: Sendable, Equatable {
        public var commands = 0
        public var failures = 0
    }

    /// `output` gets each result, as text or as one JSON object per line.
    public static func run<S: Sequence>(
        _ lines: S, session: Session, json: Bool, stopOnError: Bool = false,
        output: (String) -> Void
    ) -> Summary where S.Element == String {
        var summary = Summary()
        for (index, line) in lines.enumerated() {
            guard let result = session.run(line) else { continue }
            summary.commands += 1
            if !result.ok { summary.failures += 1 }
            output(json ? result.json(line: index + 1) : result.text(line: result.ok ? nil : index + 1))
            if stopOnError && !result.ok { break }
        }
        return summary
    }
}
