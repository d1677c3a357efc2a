import FuzzSupport
import KafkaProtocol
import NIOCore

// libFuzzer target: the input is one frame body (request header + body, no size prefix). The header picks
// the decoder through `RequestMessages` (keys Fjord does not implement are folded onto one, so every input
// reaches a decoder); each decoded header and body must survive encode → decode unchanged.
// Seeds: `scripts/fuzz_seeds.py`. How to run and add a reproducer: docs/reliability.md.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequests(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let frame = ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: size))
    RequestFuzzing.check(frame: frame, options: .init(roundTrip: true, reuseRejected: true))
    return 0
}
