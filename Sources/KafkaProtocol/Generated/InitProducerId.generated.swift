// generated from schema/InitProducerId.schema by make generate; do not edit
import KafkaModel
import NIOCore

/// Idempotent producers call this before producing.
public struct InitProducerIdRequest: KafkaRequestMessage, Hashable {
    public typealias Response = InitProducerIdResponse
    public static let apiKey = ApiKey.initProducerId
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 2

    /// Null for a producer that is idempotent but not transactional.
    public var transactionalID: String?
    public var transactionTimeoutMs: Int32
    /// v3+: an existing producer bumping its epoch (KIP-360); -1 for a new one.
    public var producerID: Int64
    /// v3+
    public var producerEpoch: Int16
    public var taggedFields: TaggedFields

    public init(
        transactionalID: String? = nil,
        transactionTimeoutMs: Int32 = 0,
        producerID: Int64 = -1,
        producerEpoch: Int16 = -1,
        taggedFields: TaggedFields = .init()
    ) {
        self.transactionalID = transactionalID
        self.transactionTimeoutMs = transactionTimeoutMs
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 2
        self.transactionalID = try buffer.readKafkaNullableString("transactional_id", flexible: flexible)
        self.transactionTimeoutMs = try buffer.readKafkaInt32("transaction_timeout_ms")
        if version >= 3 {
            self.producerID = try buffer.readKafkaInt64("producer_id")
        } else {
            self.producerID = -1
        }
        if version >= 3 {
            self.producerEpoch = try buffer.readKafkaInt16("producer_epoch")
        } else {
            self.producerEpoch = -1
        }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaNullableString(transactionalID, flexible: flexible)
        buffer.writeInteger(transactionTimeoutMs)
        if version >= 3 {
            buffer.writeInteger(producerID)
        }
        if version >= 3 {
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

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        producerID: Int64 = -1,
        producerEpoch: Int16 = -1,
        taggedFields: TaggedFields = .init()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 2
        self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
        self.producerID = try buffer.readKafkaInt64("producer_id")
        self.producerEpoch = try buffer.readKafkaInt16("producer_epoch")
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeInteger(throttleTimeMs)
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeInteger(producerID)
        buffer.writeInteger(producerEpoch)
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
