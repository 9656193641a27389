import Testing

/// Every test that starts processes, under one serialized parent: Swift Testing runs suites
/// in parallel, and the machine has two cores.
@Suite("Tests that run the program", .serialized)
struct ProcessTests {}
