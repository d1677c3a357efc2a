/// Ends the run with a message. libFuzzer treats the trap as a crash: it prints the message and the stack,
/// saves the input as `crash-<sha1>` and exits non-zero, which is what `make fuzz-smoke` checks.
public func fuzzFailure(_ message: @autoclosure () -> String) -> Never {
    fatalError(message())
}

/// Fails unless `error` is of the type a decoder is allowed to throw. Any other error type means a decoder
/// let something escape that the broker would not map to a clean connection close.
public func expectError<E: Error>(_ error: any Error, is type: E.Type, _ context: @autoclosure () -> String) {
    guard error is E else { fuzzFailure("\(context()): unexpected error \(String(reflecting: error))") }
}
