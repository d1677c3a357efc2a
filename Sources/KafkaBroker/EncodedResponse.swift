import KafkaProtocol
import KafkaStorage
import NIOCore

/// A response ready to leave the connection: a whole frame in memory, a frame whose record sets are
/// spliced in from segment files, or nothing at all (acks=0 produce).
enum EncodedResponse: Sendable {
    case none
    case frame(ByteBuffer)
    /// `parts` are written in order; `.external(token)` names `files[token]`.
    case spliced(parts: [FetchResponseChunk], files: [FileSlice])

    /// Encodes `message` with its response header into one frame (size prefix included).
    static func frame<M: KafkaResponseMessage>(
        _ message: M, header: RequestHeader, flexibleRequest: Bool, allocator: ByteBufferAllocator
    ) -> EncodedResponse {
        var buffer = allocator.buffer(capacity: 256)
        buffer.writeInteger(Int32(0))
        ResponseHeader(correlationID: header.correlationID)
            .encode(into: &buffer, flexible: ResponseHeader.isFlexible(apiKey: header.apiKey, requestFlexible: flexibleRequest))
        message.encode(into: &buffer, version: header.apiVersion)
        buffer.setInteger(Int32(buffer.readableBytes - 4), at: buffer.readerIndex)
        return .frame(buffer)
    }

    /// The one place a fetch response's record sets are chosen to travel by sendfile or by copy.
    /// `copy` reads every slice into a single frame buffer and closes the descriptors, so it must run
    /// on an I/O thread; `sendfile` only wraps the slices, which the connection then sends as file
    /// regions. Which is faster was measured, not assumed: see docs/benchmarks.md.
    static func fetch(
        parts: [FetchResponseChunk], files: [FileSlice], transfer: BrokerConfig.FetchTransfer, allocator: ByteBufferAllocator
    ) throws -> EncodedResponse {
        guard transfer == .copy, !files.isEmpty else { return .spliced(parts: parts, files: files) }
        defer { for file in files { file.close() } }
        var frame = allocator.buffer(capacity: parts.reduce(0) { $0 + $1.byteCount })
        for part in parts {
            switch part {
            case .bytes(let bytes): frame.writeImmutableBuffer(bytes)
            case .external(_, let token): try files[token].copy(into: &frame)
            }
        }
        return .frame(frame)
    }

    /// Releases file descriptors of a response that will never be written (the connection closed).
    func discard() {
        if case .spliced(_, let files) = self {
            for file in files { file.close() }
        }
    }
}
