import FuzzSupport
import KafkaRecords
import NIOCore

// libFuzzer target: the input is read two ways, as a Produce v0–2 partition's message set (magic 0/1) and
// as a range of stored v2 batches for a Fetch v0–3 answer (docs/message-format.md). Neither reading may
// trap, hang or trip ASan; their errors are typed, so any other failure is a finding. What is accepted
// must read back consistently. Seeds: `scripts/fuzz_seeds.py`. How to run: docs/reliability.md.

/// Decompression ceiling, as in FuzzBatch: a bomb costs milliseconds while the limit path still runs.
let maxUncompressedBytes = 1 << 20
let rules = BatchValidator.Rules(maxUncompressedBytes: maxUncompressedBytes)

nonisolated(unsafe) let scratch = DecompressionScratch()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLegacy(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: size))
    checkProduced(input)
    var reader = LegacyMessageSetReader(input, options: .init(mode: .fetch, maxUncompressedBytes: maxUncompressedBytes))
    _ = try? reader.readAll()
    checkStored(input, toMagic: size % 2 == 0 ? 1 : 0, maxBytes: size * 3)
    return 0
}

/// Up-conversion: an accepted set gives a batch the v2 validator accepts again, holding the records a
/// reader of the same set sees, in order; that batch down-converts to magic 1 and reads back the same.
func checkProduced(_ input: ByteBuffer) {
    guard let result = try? LegacyUpConverter.convert(input, rules: rules, now: 0, scratch: scratch) else { return }
    let batch = result.batch.batch
    do {
        var reader = LegacyMessageSetReader(input, options: .init(maxUncompressedBytes: maxUncompressedBytes))
        let sent = try reader.readAll()
        _ = try BatchValidator.validate(batch, rules: rules, now: 0, scratch: scratch)
        let records = try batch.records(maxUncompressedBytes: maxUncompressedBytes)
        guard records.count == sent.count, records.count == result.stats.records else {
            fuzzFailure("up-conversion kept \(records.count) of \(sent.count) records (stats \(result.stats.records))")
        }
        for (record, original) in zip(records, sent) where record.key != original.key || record.value != original.value {
            fuzzFailure("up-conversion changed record \(record.offsetDelta)")
        }
        let (legacy, _) = try LegacyDownConverter.convert(batch.buffer, toMagic: 1, maxBytes: .max, maxUncompressedBytes: maxUncompressedBytes)
        var back = LegacyMessageSetReader(legacy, options: .init(mode: .fetch, maxUncompressedBytes: 2 * maxUncompressedBytes))
        let again = try back.readAll()
        guard again.map(\.key) == sent.map(\.key), again.map(\.value) == sent.map(\.value),
            again.map(\.timestamp) == records.map({ $0.timestamp(in: batch) })
        else { fuzzFailure("v0/v1 → v2 → v1 changed the records") }
    } catch {
        fuzzFailure("an up-converted set does not read back: \(error)")
    }
}

/// Down-conversion: whatever it returns parses as a message set of the asked magic with as many records
/// as it counted, within `maxBytes` unless it is a single message.
func checkStored(_ input: ByteBuffer, toMagic: Int8, maxBytes: Int) {
    guard let (output, stats) = try? LegacyDownConverter.convert(
        input, toMagic: toMagic, maxBytes: maxBytes, maxUncompressedBytes: maxUncompressedBytes, scratch: scratch)
    else { return }
    guard stats.outputBytes == output.readableBytes, stats.inputBytes <= input.readableBytes else {
        fuzzFailure("stats \(stats) for \(output.readableBytes) bytes out of \(input.readableBytes)")
    }
    var reader = LegacyMessageSetReader(output, options: .init(mode: .fetch, maxUncompressedBytes: 4 * maxUncompressedBytes))
    do {
        let records = try reader.readAll()
        guard records.count == stats.records, records.allSatisfy({ $0.magic == toMagic }) else {
            fuzzFailure("down-conversion counted \(stats.records) records, a reader finds \(records.count)")
        }
        if output.readableBytes > maxBytes && reader.shallowCount > 1 {
            fuzzFailure("\(reader.shallowCount) messages in \(output.readableBytes) bytes past maxBytes \(maxBytes)")
        }
    } catch let error where error.reason == .invalidWrapperOffset {
        // A damaged negative BaseOffset (which the log never holds) puts relative offsets above the wrapper's.
    } catch {
        fuzzFailure("down-converted output does not parse: \(error)")
    }
}
