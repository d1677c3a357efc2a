// InitProducerId, key 22, versions 0–4, flexible from v2.
//
// Idempotent producers (the default for Java 3.0+, kafka-python 3.x, franz-go) call this before producing.
// v3: ProducerId/ProducerEpoch in the request, so an existing producer can bump its epoch (KIP-360).
// v4: the broker may answer PRODUCER_FENCED instead of INVALID_PRODUCER_EPOCH.
import KafkaModel
import NIOCore

public struct InitProducerIdRequest: KafkaRequestMessage, Hashable {
    public typealias Response = InitProducerIdResponse
    public static let apiKey = ApiKey.initProducerId
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 2

    /// Null for a producer that is idempotent but not transactional.
    public var transactionalID: String?
    public var transactionTimeoutMs: Int32
    /// v3+
    public var producerID: Int64
    /// v3+
    public var producerEpoch: Int16
    public var taggedFields: TaggedFields

    public init(transactionalID: String? = nil, transactionTimeoutMs: Int32, producerID: Int64 = -1, producerEpoch: Int16 = -1, taggedFields: TaggedFields = .init()) {
        self.transactionalID = transactionalID
        self.transactionTimeoutMs = transactionTimeoutMs
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        transactionalID = try buffer.readKafkaNullableString("transactional_id", flexible: flexible)
        transactionTimeoutMs = try buffer.readKafkaInt32("transaction_timeout_ms")
        producerID = version >= 3 ? try buffer.readKafkaInt64("producer_id") : -1
        producerEpoch = version >= 3 ? try buffer.readKafkaInt16("producer_epoch") : -1
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        buffer.writeKafkaNullableString(transactionalID, flexible: flexible)
        buffer.writeInteger(transactionTimeoutMs)
        if version >= 3 {
            buffer.writeInteger(producerID)
            buffer.writeInteger(producerEpoch)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct InitProducerIdResponse: KafkaResponseMessage, Hashable {
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    public var producerID: Int64
    public var producerEpoch: Int16
    public var taggedFields: TaggedFields

    public init(throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, producerID: Int64 = -1, producerEpoch: Int16 = -1, taggedFields: TaggedFields = .init()) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 2
        throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code"))
        producerID = try buffer.readKafkaInt64("producer_id")
        producerEpoch = try buffer.readKafkaInt16("producer_epoch")
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeInteger(throttleTimeMs)
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeInteger(producerID)
        buffer.writeInteger(producerEpoch)
        buffer.writeTaggedFieldsIf(version >= 2, taggedFields)
    }
}
