// The binary keys and values of the internal topic `__consumer_offsets`, in Kafka's own layout, so that
// tools reading that topic (Burrow, kafka-console-consumer with the group formatter) understand Fjord's
// records, and so that a restart rebuilds groups from exactly what was written.
//
// Layout (docs/kafka-behaviour.md, "`__consumer_offsets` records"). Every key and every value starts with a big-endian int16 version.
// The key version is also the record type: 0 and 1 = offset commit, 2 = classic group metadata, anything
// else (KIP-848 and share-group records) is skipped. Versions below 4 use the classic non-flexible
// encoding: int16-length strings (-1 = null), int32-length bytes and arrays.
//
//   OffsetCommitKey v1     : string group | string topic | int32 partition
//   OffsetCommitValue v0/2 : int64 offset | string metadata | int64 commitTimestamp
//   OffsetCommitValue v1   : int64 offset | string metadata | int64 commitTimestamp | int64 expireTimestamp
//   OffsetCommitValue v3   : int64 offset | int32 leaderEpoch | string metadata | int64 commitTimestamp
//   OffsetCommitValue v4   : as v3 with a compact string and a trailing tag section (read only)
//   GroupMetadataKey v2    : string group
//   GroupMetadataValue v0-3: string protocolType | int32 generation | nullable string protocol
//                            | nullable string leader | [v2+] int64 currentStateTimestamp
//                            | int32 count × member
//   member                 : string memberId | [v3+] nullable string groupInstanceId | string clientId
//                            | string clientHost | [v1+] int32 rebalanceTimeout | int32 sessionTimeout
//                            | bytes subscription | bytes assignment
//
// Fjord writes offset values v3 (v1 when the commit carried an explicit retention) and group values v3,
// as Kafka does. A null value is a tombstone. Decoding never trusts a length: each is checked against
// the bytes left, so a corrupt record is rejected instead of read past its end.

import KafkaModel

/// One record of `__consumer_offsets` as the coordinator asks the driver to append it.
public struct OffsetsTopicRecord: Hashable, Sendable {
    public var key: [UInt8]
    /// `nil` is a tombstone (the offset or group is deleted; compaction drops it later).
    public var value: [UInt8]?

    public init(key: [UInt8], value: [UInt8]?) {
        self.key = key
        self.value = value
    }
}

/// A decoded key of `__consumer_offsets`.
public enum OffsetsTopicKey: Hashable, Sendable {
    case offsetCommit(group: String, partition: TopicPartition)
    case groupMetadata(group: String)
    /// A record type Fjord does not use (KIP-848, share groups). Readers skip it.
    case unknown(version: Int16)
}

/// A decoded OffsetCommitValue.
public struct OffsetCommitValue: Hashable, Sendable {
    public var offset: Int64
    public var leaderEpoch: Int32
    public var metadata: String
    public var commitTimestamp: Int64
    public var expireTimestamp: Int64?

    public init(offset: Int64, leaderEpoch: Int32 = -1, metadata: String, commitTimestamp: Int64, expireTimestamp: Int64? = nil) {
        self.offset = offset
        self.leaderEpoch = leaderEpoch
        self.metadata = metadata
        self.commitTimestamp = commitTimestamp
        self.expireTimestamp = expireTimestamp
    }
}

/// A member as stored in GroupMetadataValue.
public struct GroupMetadataMemberValue: Hashable, Sendable {
    public var memberID: String
    public var groupInstanceID: String?
    public var clientID: String
    public var clientHost: String
    public var rebalanceTimeoutMs: Int32
    public var sessionTimeoutMs: Int32
    public var subscription: [UInt8]
    public var assignment: [UInt8]

    public init(
        memberID: String, groupInstanceID: String?, clientID: String, clientHost: String,
        rebalanceTimeoutMs: Int32, sessionTimeoutMs: Int32, subscription: [UInt8], assignment: [UInt8]
    ) {
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.clientID = clientID
        self.clientHost = clientHost
        self.rebalanceTimeoutMs = rebalanceTimeoutMs
        self.sessionTimeoutMs = sessionTimeoutMs
        self.subscription = subscription
        self.assignment = assignment
    }
}

/// A decoded GroupMetadataValue.
public struct GroupMetadataValue: Hashable, Sendable {
    public var protocolType: String
    public var generationID: Int32
    public var protocolName: String?
    public var leaderID: String?
    /// -1 when the record predates v2.
    public var currentStateTimestamp: Int64
    public var members: [GroupMetadataMemberValue]

    public init(
        protocolType: String, generationID: Int32, protocolName: String?, leaderID: String?,
        currentStateTimestamp: Int64, members: [GroupMetadataMemberValue]
    ) {
        self.protocolType = protocolType
        self.generationID = generationID
        self.protocolName = protocolName
        self.leaderID = leaderID
        self.currentStateTimestamp = currentStateTimestamp
        self.members = members
    }
}

/// Why a `__consumer_offsets` key or value could not be decoded.
public enum OffsetsTopicDecodingError: Error, Hashable, Sendable {
    case truncated
    case unsupportedValueVersion(Int16)
    case invalidString
    case trailingBytes
}

/// Encoders, decoders and the group → partition mapping of `__consumer_offsets`.
public enum OffsetsTopicSchema {
    public static let offsetCommitKeyVersion: Int16 = 1
    public static let groupMetadataKeyVersion: Int16 = 2

    // MARK: partition

    /// Java's `String.hashCode` (31·h + c over UTF-16 code units, wrapping in Int32), as Kafka uses
    /// to place a group; clients compute the same thing, so it must match bit for bit.
    public static func javaHashCode(_ string: String) -> Int32 {
        var hash: Int32 = 0
        for unit in string.utf16 {
            hash = 31 &* hash &+ Int32(unit)
        }
        return hash
    }

    /// The `__consumer_offsets` partition holding `group`: Kafka's `Utils.abs(hashCode) % partitions`,
    /// where abs(Int32.min) is 0 rather than a trap.
    public static func partition(forGroup group: String, partitions: Int32 = 50) -> Int32 {
        let hash = javaHashCode(group)
        let positive = hash == Int32.min ? 0 : abs(hash)
        return positive % max(partitions, 1)
    }

    // MARK: keys

    public static func offsetCommitKey(group: String, partition: TopicPartition) -> [UInt8] {
        var writer = ByteWriter()
        writer.int16(offsetCommitKeyVersion)
        writer.string(group)
        writer.string(partition.topic)
        writer.int32(partition.partition)
        return writer.bytes
    }

    public static func groupMetadataKey(group: String) -> [UInt8] {
        var writer = ByteWriter()
        writer.int16(groupMetadataKeyVersion)
        writer.string(group)
        return writer.bytes
    }

    public static func decodeKey(_ bytes: [UInt8]) throws(OffsetsTopicDecodingError) -> OffsetsTopicKey {
        var reader = ByteReader(bytes)
        let version = try reader.int16()
        if version == 0 || version == 1 {
            let group = try reader.string()
            let topic = try reader.string()
            let partition = try reader.int32()
            try reader.expectEnd()
            return .offsetCommit(group: group, partition: TopicPartition(topic: topic, partition: partition))
        } else if version == 2 {
            let group = try reader.string()
            try reader.expectEnd()
            return .groupMetadata(group: group)
        } else {
            return .unknown(version: version)
        }
    }

    // MARK: offset commit value

    /// Encodes v3, or v1 when the commit carried an explicit expiry (v3 has no field for it).
    public static func encodeOffsetCommitValue(_ value: OffsetCommitValue) -> [UInt8] {
        var writer = ByteWriter()
        if let expire = value.expireTimestamp {
            writer.int16(1)
            writer.int64(value.offset)
            writer.string(value.metadata)
            writer.int64(value.commitTimestamp)
            writer.int64(expire)
        } else {
            writer.int16(3)
            writer.int64(value.offset)
            writer.int32(value.leaderEpoch)
            writer.string(value.metadata)
            writer.int64(value.commitTimestamp)
        }
        return writer.bytes
    }

    public static func decodeOffsetCommitValue(_ bytes: [UInt8]) throws(OffsetsTopicDecodingError) -> OffsetCommitValue {
        var reader = ByteReader(bytes)
        let version = try reader.int16()
        if version == 0 || version == 2 {
            let offset = try reader.int64()
            let metadata = try reader.string()
            let commit = try reader.int64()
            return OffsetCommitValue(offset: offset, metadata: metadata, commitTimestamp: commit)
        } else if version == 1 {
            let offset = try reader.int64()
            let metadata = try reader.string()
            let commit = try reader.int64()
            let expire = try reader.int64()
            return OffsetCommitValue(offset: offset, metadata: metadata, commitTimestamp: commit, expireTimestamp: expire)
        } else if version == 3 {
            let offset = try reader.int64()
            let epoch = try reader.int32()
            let metadata = try reader.string()
            let commit = try reader.int64()
            return OffsetCommitValue(offset: offset, leaderEpoch: epoch, metadata: metadata, commitTimestamp: commit)
        } else if version == 4 {
            // Flexible: compact string, then a tag section we read past without interpreting.
            let offset = try reader.int64()
            let epoch = try reader.int32()
            let metadata = try reader.compactString()
            let commit = try reader.int64()
            try reader.skipTaggedFields()
            return OffsetCommitValue(offset: offset, leaderEpoch: epoch, metadata: metadata, commitTimestamp: commit)
        } else {
            throw .unsupportedValueVersion(version)
        }
    }

    // MARK: group metadata value

    /// Encodes GroupMetadataValue v3.
    public static func encodeGroupMetadataValue(_ value: GroupMetadataValue) -> [UInt8] {
        var writer = ByteWriter()
        writer.int16(3)
        writer.string(value.protocolType)
        writer.int32(value.generationID)
        writer.nullableString(value.protocolName)
        writer.nullableString(value.leaderID)
        writer.int64(value.currentStateTimestamp)
        writer.int32(Int32(truncatingIfNeeded: value.members.count))
        for member in value.members {
            writer.string(member.memberID)
            writer.nullableString(member.groupInstanceID)
            writer.string(member.clientID)
            writer.string(member.clientHost)
            writer.int32(member.rebalanceTimeoutMs)
            writer.int32(member.sessionTimeoutMs)
            writer.byteArray(member.subscription)
            writer.byteArray(member.assignment)
        }
        return writer.bytes
    }

    public static func decodeGroupMetadataValue(_ bytes: [UInt8]) throws(OffsetsTopicDecodingError) -> GroupMetadataValue {
        var reader = ByteReader(bytes)
        let version = try reader.int16()
        guard (0...3).contains(version) else { throw .unsupportedValueVersion(version) }
        let protocolType = try reader.string()
        let generation = try reader.int32()
        let protocolName = try reader.nullableString()
        let leader = try reader.nullableString()
        let stateTimestamp = version >= 2 ? try reader.int64() : -1
        let count = try reader.int32()
        // Each member needs at least 16 bytes, so the count is bounded by what is left.
        guard count >= 0, Int(count) <= reader.remaining / 16 else { throw .truncated }
        var members: [GroupMetadataMemberValue] = []
        members.reserveCapacity(Int(count))
        for _ in 0..<count {
            let memberID = try reader.string()
            let instanceID = version >= 3 ? try reader.nullableString() : nil
            let clientID = try reader.string()
            let clientHost = try reader.string()
            let rebalanceTimeout = version >= 1 ? try reader.int32() : -1
            let sessionTimeout = try reader.int32()
            let subscription = try reader.byteArray()
            let assignment = try reader.byteArray()
            members.append(GroupMetadataMemberValue(
                memberID: memberID, groupInstanceID: instanceID, clientID: clientID, clientHost: clientHost,
                rebalanceTimeoutMs: rebalanceTimeout == -1 ? sessionTimeout : rebalanceTimeout,
                sessionTimeoutMs: sessionTimeout, subscription: subscription, assignment: assignment))
        }
        return GroupMetadataValue(
            protocolType: protocolType, generationID: generation, protocolName: protocolName, leaderID: leader,
            currentStateTimestamp: stateTimestamp, members: members)
    }
}

// MARK: - byte helpers

/// Appends big-endian primitives in the classic (non-flexible) Kafka encoding.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func int16(_ value: Int16) { append(UInt64(UInt16(bitPattern: value)), width: 2) }
    mutating func int32(_ value: Int32) { append(UInt64(UInt32(bitPattern: value)), width: 4) }
    mutating func int64(_ value: Int64) { append(UInt64(bitPattern: value), width: 8) }

    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        int16(Int16(truncatingIfNeeded: utf8.count))
        bytes.append(contentsOf: utf8)
    }

    mutating func nullableString(_ value: String?) {
        if let value { string(value) } else { int16(-1) }
    }

    mutating func byteArray(_ value: [UInt8]) {
        int32(Int32(truncatingIfNeeded: value.count))
        bytes.append(contentsOf: value)
    }

    private mutating func append(_ value: UInt64, width: Int) {
        for index in stride(from: width - 1, through: 0, by: -1) {
            bytes.append(UInt8(truncatingIfNeeded: value >> (UInt64(index) * 8)))
        }
    }
}

/// Reads big-endian primitives, checking every length against the bytes left.
struct ByteReader {
    private let buffer: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.buffer = bytes }

    var remaining: Int { buffer.count - index }

    mutating func int16() throws(OffsetsTopicDecodingError) -> Int16 {
        Int16(bitPattern: UInt16(truncatingIfNeeded: try read(width: 2)))
    }

    mutating func int32() throws(OffsetsTopicDecodingError) -> Int32 {
        Int32(bitPattern: UInt32(truncatingIfNeeded: try read(width: 4)))
    }

    mutating func int64() throws(OffsetsTopicDecodingError) -> Int64 {
        Int64(bitPattern: try read(width: 8))
    }

    mutating func string() throws(OffsetsTopicDecodingError) -> String {
        guard let value = try nullableString() else { throw .invalidString }
        return value
    }

    mutating func nullableString() throws(OffsetsTopicDecodingError) -> String? {
        let length = try int16()
        if length < 0 { return nil }
        return try utf8(count: Int(length))
    }

    mutating func compactString() throws(OffsetsTopicDecodingError) -> String {
        let lengthPlusOne = try unsignedVarint()
        guard lengthPlusOne > 0 else { throw .invalidString }
        return try utf8(count: Int(lengthPlusOne - 1))
    }

    mutating func byteArray() throws(OffsetsTopicDecodingError) -> [UInt8] {
        let length = try int32()
        if length < 0 { return [] }
        guard Int(length) <= remaining else { throw .truncated }
        defer { index += Int(length) }
        return Array(buffer[index..<index + Int(length)])
    }

    mutating func skipTaggedFields() throws(OffsetsTopicDecodingError) {
        let count = try unsignedVarint()
        for _ in 0..<count {
            _ = try unsignedVarint()
            let size = try unsignedVarint()
            guard size <= UInt32(remaining) else { throw .truncated }
            index += Int(size)
        }
    }

    func expectEnd() throws(OffsetsTopicDecodingError) {
        guard remaining == 0 else { throw .trailingBytes }
    }

    private mutating func utf8(count: Int) throws(OffsetsTopicDecodingError) -> String {
        guard count <= remaining else { throw .truncated }
        defer { index += count }
        return String(decoding: buffer[index..<index + count], as: UTF8.self)
    }

    private mutating func unsignedVarint() throws(OffsetsTopicDecodingError) -> UInt32 {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            guard remaining > 0, shift < 35 else { throw .truncated }
            let byte = buffer[index]
            index += 1
            result |= UInt32(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private mutating func read(width: Int) throws(OffsetsTopicDecodingError) -> UInt64 {
        guard width <= remaining else { throw .truncated }
        var value: UInt64 = 0
        for offset in 0..<width {
            value = value << 8 | UInt64(buffer[index + offset])
        }
        index += width
        return value
    }
}
