import KafkaRecords
import NIOPosix

/// One decompressor per thread that validates or converts records, made on first use: the event loops
/// (Produce's `BatchValidator` and `LegacyUpConverter`) and the I/O pool threads (Fetch v0–3's
/// `LegacyDownConverter`). `DecompressionScratch` is not `Sendable`; the box is, because a
/// thread-specific variable hands each thread only the instance that thread stored, so no instance is
/// ever seen by two threads.
final class ThreadScratch: @unchecked Sendable {
    private static let perThread = ThreadSpecificVariable<ThreadScratch>()
    private let scratch = DecompressionScratch()

    static var current: DecompressionScratch {
        if let existing = perThread.currentValue { return existing.scratch }
        let made = ThreadScratch()
        perThread.currentValue = made
        return made.scratch
    }
}
