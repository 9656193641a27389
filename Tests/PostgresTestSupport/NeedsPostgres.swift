import Testing

extension Trait where Self == ConditionTrait {
    /// Runs a suite or test only where the throw-away cluster is given (`PostgresTestServer.url`),
    /// and says how to give it otherwise.
    public static var needsPostgres: Self {
        .enabled(
            if: PostgresTestServer.url != nil,
            "needs CASEBENCH_TEST_POSTGRES: eval \"$(scripts/pg-cluster.sh start DIR)\"")
    }
}
