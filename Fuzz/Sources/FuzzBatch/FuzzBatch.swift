import FuzzSupport
#if canImport(Glibc)
import Glibc
#endif
import KafkaRecords
import NIOCore

// libFuzzer target: the input is one record batch, or a Produce partition's `records` payload (batches back
// to back). Everything KafkaRecords offers to check and read a batch runs on it; the only acceptable
// failures are `RecordBatchError`s (the typed throws guarantee that), never a trap, a hang or an ASan report.
// Seeds: `scripts/fuzz_seeds.py`. How to run and add a reproducer: docs/reliability.md.

/// Decompression ceiling: well below the broker's 64 MiB default so that a decompression bomb costs the
/// fuzzer milliseconds, while the limit path itself is still exercised.
let maxUncompressedBytes = 1 << 20

/// One decompression scratch for the whole run, as a broker thread keeps one (BatchValidator reuses it).
nonisolated(unsafe) let scratch = DecompressionScratch()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBatch(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: size))
    // The produce path: the partition's whole `records` field, framing included.
    let accepted = try? BatchValidator.validate(input, rules: rules, now: 0, scratch: scratch)
    if let accepted { checkAccepted(accepted.batch) }

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

/// Everything the broker may ask of a batch from a Produce request: the validator, and the cheaper
/// header-and-records checks other code paths (tests, tools) still use.
let rules = BatchValidator.Rules(maxUncompressedBytes: maxUncompressedBytes)

/// What the validator accepts, the broker appends and consumers read: the record iterator must then give
/// exactly RecordCount records with deltas 0, 1, 2 …, and the older `validateRecords()` must agree.
func checkAccepted(_ batch: RecordBatch) {
    var count = 0
    do {
        var iterator = try batch.makeRecordIterator(maxUncompressedBytes: maxUncompressedBytes)
        while let record = try iterator.next() {
            guard record.offsetDelta == Int32(truncatingIfNeeded: count) else {
                fuzzFailure("record \(count) has offset delta \(record.offsetDelta) in a batch the validator accepted")
            }
            count += 1
        }
        try batch.validateRecords(maxUncompressedBytes: maxUncompressedBytes)
    } catch {
        fuzzFailure("the validator accepted a batch that reading refuses: \(error)")
    }
    guard count == Int(batch.recordCount), Int64(count) == Int64(batch.lastOffsetDelta) + 1 else {
        fuzzFailure("the validator accepted \(count) records under RecordCount \(batch.recordCount), LastOffsetDelta \(batch.lastOffsetDelta)")
    }
}

/// The checks the broker and its tools run on one batch, and cross-checks between them.
func checkBatch(_ batch: RecordBatch) {
    _ = batch.header
    _ = batch.lastSequence
    _ = batch.nextOffset
    _ = batch.header?.nextOffset
    if let accepted = try? BatchValidator.validate(batch, rules: rules, now: 0, scratch: scratch) { checkAccepted(accepted.batch) }
    let headerValid = (try? batch.validate()) != nil

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
    var records: [Record] = []
    var iteratorFailed = false
    do {
        var iterator = try batch.makeRecordIterator(maxUncompressedBytes: maxUncompressedBytes)
        while let record = try iterator.next() {
            if recordsValid && record.offsetDelta != Int32(truncatingIfNeeded: records.count) {
                fuzzFailure("record \(records.count) has offset delta \(record.offsetDelta) after validateRecords() passed")
            }
            _ = record.timestamp(in: batch)
            _ = record.offset(in: batch)
            records.append(record)
        }
    } catch {
        iteratorFailed = true
    }
    guard recordsValid else { return }
    if iteratorFailed || records.count != Int(batch.recordCount) {
        fuzzFailure("validateRecords() passed but iteration \(iteratorFailed ? "failed" : "gave \(records.count) records") (RecordCount \(batch.recordCount))")
    }
    checkFiltered(batch, records: records, headerValid: headerValid)
}

/// Compaction's rewrite (`RecordBatch.filtered`) re-encodes, and for a codec recompresses, records the
/// decoder read: keeping all of them must give the same records back in a batch that passes the same checks,
/// and keeping some must give a batch that `validateRecords(allowOffsetGaps: true)` accepts, as its
/// documentation promises.
func checkFiltered(_ batch: RecordBatch, records: [Record], headerValid: Bool) {
    let all: RecordBatch
    do {
        let (copy, kept) = try batch.filtered(maxUncompressedBytes: maxUncompressedBytes) { _ in true }
        guard kept == records.count else { fuzzFailure("filtered kept \(kept) of \(records.count) records, keeping all") }
        all = copy
    } catch {
        // Recompressing can only fail on the codec's side, and then only for want of memory.
        fuzzFailure("filtered (keeping all) threw \(error)")
    }
    do {
        if headerValid { try all.validate() }
        try all.validateRecords(maxUncompressedBytes: maxUncompressedBytes)
        guard try all.records(maxUncompressedBytes: maxUncompressedBytes) == records else {
            fuzzFailure("filtered (keeping all) changed the records")
        }
    } catch {
        fuzzFailure("filtered (keeping all) gave a batch that fails its checks: \(error)")
    }

    let last = batch.lastOffsetDelta
    do {
        let (some, kept) = try batch.filtered(maxUncompressedBytes: maxUncompressedBytes) { $0.offsetDelta % 2 == 0 }
        let expected = records.filter { $0.offsetDelta % 2 == 0 }
        guard kept == expected.count else { fuzzFailure("filtered kept \(kept) of \(records.count) records, expected \(expected.count)") }
        try some.validateRecords(maxUncompressedBytes: maxUncompressedBytes, allowOffsetGaps: true)
        guard try some.records(maxUncompressedBytes: maxUncompressedBytes) == expected else {
            fuzzFailure("filtered (keeping even deltas) kept other records than those asked for")
        }
    } catch {
        fuzzFailure("filtered (keeping even deltas) gave a batch that validateRecords(allowOffsetGaps: true) rejects: \(error)")
    }
    do {
        let (none, kept) = try batch.filtered(maxUncompressedBytes: maxUncompressedBytes) { _ in false }
        guard kept == 0, none.recordCount == 0, none.lastOffsetDelta == last else {
            fuzzFailure("filtered (keeping none) kept \(kept), RecordCount \(none.recordCount), LastOffsetDelta \(none.lastOffsetDelta)")
        }
        try none.validateRecords(maxUncompressedBytes: maxUncompressedBytes, allowOffsetGaps: true)
        guard try none.records(maxUncompressedBytes: maxUncompressedBytes).isEmpty else { fuzzFailure("an emptied batch has records") }
    } catch {
        fuzzFailure("filtered (keeping none) gave a batch that cannot be read as empty: \(error)")
    }
}
