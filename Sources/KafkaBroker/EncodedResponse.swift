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
    /// Copied slices are read into the frame's own buffers and their descriptors closed, so this
    /// must run on an I/O thread; the others stay file regions the connection sends with sendfile.
    /// Which is faster, and where `auto` draws its line, was measured: see docs/benchmarks.md.
    static func fetch(
        parts: [FetchResponseChunk], files: [FileSlice], transfer: BrokerConfig.FetchTransfer, allocator: ByteBufferAllocator
    ) throws -> EncodedResponse {
        func copies(_ file: FileSlice) -> Bool {
            switch transfer {
            case .sendfile: false
            case .copy: true
            case .auto: file.length < BrokerConfig.FetchTransfer.sendfileThreshold
            }
        }
        guard files.contains(where: copies) else { return .spliced(parts: parts, files: files) }
        var kept: [FileSlice] = []
        var out: [FetchResponseChunk] = []
        // Bytes (encoded fields and copied record sets) run together into one buffer between file
        // regions; when everything is copied that is one buffer of the frame's exact size.
        var pending = allocator.buffer(capacity: files.allSatisfy(copies) ? parts.reduce(0) { $0 + $1.byteCount } : 0)
        do {
            for part in parts {
                switch part {
                case .bytes(let bytes):
                    pending.writeImmutableBuffer(bytes)
                case .external(let length, let token):
                    let file = files[token]
                    if copies(file) {
                        try file.copy(into: &pending)
                    } else {
                        if pending.readableBytes > 0 { out.append(.bytes(pending)) }
                        pending = allocator.buffer(capacity: 0)
                        out.append(.external(length: length, token: kept.count))
                        kept.append(file)
                    }
                }
            }
        } catch {
            for file in files { file.close() }
            throw error
        }
        for file in files where copies(file) { file.close() }
        if kept.isEmpty { return .frame(pending) }
        if pending.readableBytes > 0 { out.append(.bytes(pending)) }
        return .spliced(parts: out, files: kept)
    }

    /// Releases file descriptors of a response that will never be written (the connection closed).
    func discard() {
        if case .spliced(_, let files) = self {
            for file in files { file.close() }
        }
    }
}
