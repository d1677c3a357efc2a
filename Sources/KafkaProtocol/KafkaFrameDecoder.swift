import NIOCore

/// Splits a byte stream into Kafka frames: an int32 size, then that many bytes.
///
/// The size is checked against `maximumFrameSize` (Kafka's `socket.request.max.bytes`) as soon as the
/// four bytes arrive, before any body is buffered, so an oversized or negative size costs no memory.
/// Emits the frame body as a slice of the inbound buffer, without the size prefix.
public struct KafkaFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    public let maximumFrameSize: Int

    public init(maximumFrameSize: Int) {
        self.maximumFrameSize = maximumFrameSize
    }

    /// The framing rule on its own, for callers (the client, benchmarks) that are not in a pipeline.
    public func nextFrame(from buffer: inout ByteBuffer) throws -> ByteBuffer? {
        guard let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return nil }
        guard size >= 0, Int(size) <= maximumFrameSize else {
            throw ProtocolError.frameTooLarge(size: Int(size), max: maximumFrameSize)
        }
        guard buffer.readableBytes >= 4 + Int(size) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(size))
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try nextFrame(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }
}
