import FuzzSupport
import KafkaRecords
import NIOCore

// libFuzzer target: the input is one record batch, or a Produce partition's `records` payload (batches back
// to back). Everything KafkaRecords offers to check and read a batch runs on it; the only acceptable
// failures are `RecordBatchError`s (the typed throws guarantee that), never a trap, a hang or an ASan report.
// Seeds: `scripts/fuzz_seeds.py`. How to run and add a reproducer: docs/reliability.md.

/// Decompression ceiling: well below the broker's 64 MiB default so that a decompression bomb costs the
/// fuzzer milliseconds, while the limit path itself is still exercised.
let maxUncompressedBytes = 1 << 20

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBatch(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: size))

    let (batches, remainder) = RecordBatch.split(input)
    let consumed = batches.reduce(0) { $0 + $1.sizeInBytes }
    guard consumed + remainder == input.readableBytes else {
        fuzzFailure("split accounts for \(consumed) + \(remainder) of \(input.readableBytes) bytes")
    }
    for batch in batches { checkBatch(batch) }

    if let batch = try? RecordBatch(buffer: input) {
        guard batches.count == 1, remainder == 0 else { fuzzFailure("one whole batch split into \(batches.count) + \(remainder)") }
        checkBatch(batch)
    }
    return 0
}

/// The checks the broker can run on one batch. This is the one place to repoint when KafkaRecords gains a
/// fuller validator: call it here, and keep the cross-checks below that still apply.
func checkBatch(_ batch: RecordBatch) {
    _ = batch.header
    _ = try? batch.validate()

    let recordsValid: Bool
    do {
        try batch.validateRecords(maxUncompressedBytes: maxUncompressedBytes)
        recordsValid = true
    } catch {
        recordsValid = false
    }
    _ = try? batch.validateRecords(maxUncompressedBytes: maxUncompressedBytes, allowOffsetGaps: true)

    // The lazy iterator and the validator decode the same bytes by two code paths: when the validator
    // accepts the records, the iterator must give exactly RecordCount of them with deltas 0, 1, 2 …
    var count = 0
    var iteratorFailed = false
    do {
        var iterator = try batch.makeRecordIterator(maxUncompressedBytes: maxUncompressedBytes)
        while let record = try iterator.next() {
            if recordsValid && record.offsetDelta != Int32(truncatingIfNeeded: count) {
                fuzzFailure("record \(count) has offset delta \(record.offsetDelta) after validateRecords() passed")
            }
            _ = record.timestamp(in: batch)
            for header in record.headers { _ = header.key.utf8.count }
            count += 1
        }
    } catch {
        iteratorFailed = true
    }
    if recordsValid && (iteratorFailed || count != Int(batch.recordCount)) {
        fuzzFailure("validateRecords() passed but iteration \(iteratorFailed ? "failed" : "gave \(count) records") (RecordCount \(batch.recordCount))")
    }
}
