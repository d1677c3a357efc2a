import KafkaModel
import KafkaProtocol

/// Error codes that an old version of an API does not know, and the older code Kafka 3.9 answers
/// instead (each rule is in Kafka's KafkaApis, next to the handler of the API). A handler passes
/// every error code it answers through `code(_:api:version:)`.
///
/// Only translations that depend on the version alone are here (Metadata's LISTENER_NOT_FOUND, v6+, cannot
/// arise with one listener, and Fetch's belongs to its handler). Two others change a response's
/// shape and live in their handlers: OffsetFetch v0–1 have no group-level error, and LeaveGroup v0–2
/// answer one member's error at the top level.
enum OldVersionErrors {
    struct Rule: Sendable {
        var api: ApiKey
        /// The first version that knows `newer`; older versions get `older`.
        var firstVersion: Int16
        var newer: KafkaErrorCode
        var older: KafkaErrorCode
    }

    static let rules: [Rule] = [
        // KIP-588: before InitProducerId v4 a fenced producer was told its epoch was invalid.
        Rule(api: .initProducerId, firstVersion: 4, newer: .producerFenced, older: .invalidProducerEpoch),
        // OFFSET_NOT_AVAILABLE (a new leader whose high watermark is not yet known) exists from ListOffsets v5.
        Rule(api: .listOffsets, firstVersion: 5, newer: .offsetNotAvailable, older: .leaderNotAvailable),
        // TOPIC_DELETION_DISABLED exists from DeleteTopics v3.
        Rule(api: .deleteTopics, firstVersion: 3, newer: .topicDeletionDisabled, older: .invalidRequest),
    ]

    static func code(_ code: KafkaErrorCode, api: ApiKey, version: Int16) -> KafkaErrorCode {
        for rule in rules where rule.api == api && rule.newer == code && version < rule.firstVersion { return rule.older }
        return code
    }
}
