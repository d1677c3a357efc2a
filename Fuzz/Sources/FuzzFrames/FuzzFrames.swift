import FuzzSupport
import KafkaProtocol
import NIOCore

// libFuzzer target: the input is a byte stream as a client would send it on one connection: size-prefixed
// frames, back to back. `KafkaFrameDecoder.nextFrame` splits it twice, once with the whole input buffered
// and once fed in two pieces split at a point taken from the input (as bytes arrive from a socket); both
// must give the same frames and the same end. Each frame is then decoded as the broker decodes it.
// Seeds: `scripts/fuzz_seeds.py`. How to run and add a reproducer: docs/reliability.md.

/// The broker's default `socket.request.max.bytes` (Sources/KafkaBroker/BrokerConfig.swift).
let maximumFrameSize = 100 * 1024 * 1024

struct Split: Equatable {
    var frames: [ByteBuffer] = []
    /// The frame decoder's error, which ends the stream (the broker closes the connection).
    var error: ProtocolError? = nil
    /// Bytes of an incomplete frame waiting for more input; not counted once the decoder has thrown,
    /// since the connection is gone and what was still unread depends on how much had arrived.
    var leftover = 0
}

/// Takes every complete frame out of `buffer`; false once the decoder has thrown.
func drain(_ buffer: inout ByteBuffer, into split: inout Split) -> Bool {
    let decoder = KafkaFrameDecoder(maximumFrameSize: maximumFrameSize)
    do {
        while let frame = try decoder.nextFrame(from: &buffer) { split.frames.append(frame) }
    } catch let error as ProtocolError {
        split.error = error
        return false
    } catch {
        fuzzFailure("frame decoder threw \(String(reflecting: error))")
    }
    return true
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrames(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)

    var whole = Split()
    var buffer = ByteBuffer(bytes: input)
    _ = drain(&buffer, into: &whole)
    if whole.error == nil { whole.leftover = buffer.readableBytes }

    // The same bytes in two reads; the split point is a function of the input so the fuzzer can steer it.
    var checksum = size
    for byte in input { checksum = checksum &* 31 &+ Int(byte) }
    let cut = size == 0 ? 0 : Int(UInt(bitPattern: checksum) % UInt(size + 1))
    var dripped = Split()
    var stream = ByteBuffer(bytes: UnsafeBufferPointer(rebasing: input[..<cut]))
    if drain(&stream, into: &dripped) {
        stream.discardReadBytes()  // as NIO's ByteToMessageHandler compacts between reads
        stream.writeBytes(UnsafeBufferPointer(rebasing: input[cut...]))
        _ = drain(&stream, into: &dripped)
    }
    if dripped.error == nil { dripped.leftover = stream.readableBytes }
    guard dripped == whole else {
        fuzzFailure("framing depends on how the bytes arrive (cut at \(cut)): \(whole) vs \(dripped)")
    }

    for frame in whole.frames {
        RequestFuzzing.check(frame: frame, options: .init(roundTrip: false, reuseRejected: false))
    }
    return 0
}
