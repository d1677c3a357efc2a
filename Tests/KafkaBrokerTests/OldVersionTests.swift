import KafkaModel
import KafkaProtocol
import Testing

@testable import KafkaBroker

/// What old versions of each API answer where the logic is pure: Kafka 3.9's version-dependent error
/// codes, FindCoordinator's key types, ListOffsets' special timestamps, and the advertised ranges.
@Suite struct OldVersionTests {
    @Test func newerErrorsBecomeTheOnesOldVersionsKnow() {
        #expect(OldVersionErrors.code(.producerFenced, api: .initProducerId, version: 3) == .invalidProducerEpoch)
        #expect(OldVersionErrors.code(.producerFenced, api: .initProducerId, version: 4) == .producerFenced)
        #expect(OldVersionErrors.code(.offsetNotAvailable, api: .listOffsets, version: 4) == .leaderNotAvailable)
        #expect(OldVersionErrors.code(.offsetNotAvailable, api: .listOffsets, version: 5) == .offsetNotAvailable)
        #expect(OldVersionErrors.code(.topicDeletionDisabled, api: .deleteTopics, version: 0) == .invalidRequest)
        #expect(OldVersionErrors.code(.topicDeletionDisabled, api: .deleteTopics, version: 3) == .topicDeletionDisabled)
        // Only the API a rule names is affected, and other errors pass through.
        #expect(OldVersionErrors.code(.producerFenced, api: .listOffsets, version: 0) == .producerFenced)
        #expect(OldVersionErrors.code(.unknownTopicOrPartition, api: .listOffsets, version: 0) == .unknownTopicOrPartition)
    }

    @Test func findCoordinatorKeyTypes() {
        #expect(FindCoordinatorHandler.error(keyType: 0, key: "g", version: 0) == .none)
        #expect(FindCoordinatorHandler.error(keyType: 0, key: "", version: 1) == .invalidGroupID)
        #expect(FindCoordinatorHandler.error(keyType: 1, key: "tx", version: 1) == .none)
        // Share groups: unknown before v6, and no share coordinator in v6.
        #expect(FindCoordinatorHandler.error(keyType: 2, key: "s", version: 5) == .invalidRequest)
        #expect(FindCoordinatorHandler.error(keyType: 2, key: "s", version: 6) == .coordinatorNotAvailable)
        #expect(FindCoordinatorHandler.error(keyType: 3, key: "x", version: 6) == .invalidRequest)
        #expect(FindCoordinatorHandler.message(.none) == "NONE")
        #expect(FindCoordinatorHandler.message(.coordinatorNotAvailable) == "The coordinator is not available.")
    }

    @Test func listOffsetsSpecialTimestampsNeedTheirVersion() {
        #expect(ListOffsetsHandler.firstVersion[-1] == 1)
        #expect(ListOffsetsHandler.firstVersion[-2] == 1)
        #expect(ListOffsetsHandler.firstVersion[-3] == 7)
        #expect(ListOffsetsHandler.firstVersion[-4] == 8)
        #expect(ListOffsetsHandler.firstVersion[-5] == 9)
        #expect(ListOffsetsHandler.firstVersion[-6] == nil)
    }

    @Test func listOffsetsFindsPartitionsNamedTwice() {
        let request = ListOffsetsRequest(topics: [
            .init(name: "a", partitions: [.init(partitionIndex: 0), .init(partitionIndex: 1)]),
            .init(name: "a", partitions: [.init(partitionIndex: 0)]),
            .init(name: "b", partitions: [.init(partitionIndex: 0)]),
        ])
        #expect(ListOffsetsHandler.duplicatePartitions(request) == [TopicPartition(topic: "a", partition: 0)])
    }

    @Test func everyAPIServesAndAdvertisesItsWholeSchemaRange() {
        for api in SupportedAPIs.all {
            let schema = RequestMessages.type(for: api.key)!.versions
            #expect(api.implemented == schema, "\(api.key)")
            #expect(api.advertised == api.implemented, "\(api.key)")
        }
    }
}
