import KafkaModel
import KafkaProtocol
import KafkaStorage
import Testing

@testable import KafkaBroker

@Suite struct BrokerSettingsTests {
    @Test func flagsAndKafkaNamesAreUnique() {
        let flags = BrokerSettings.all.compactMap(\.flag)
        let names = BrokerSettings.all.compactMap(\.kafkaName)
        #expect(Set(flags).count == flags.count)
        #expect(Set(names).count == names.count)
        #expect(BrokerSettings.all.allSatisfy { $0.flag != nil || $0.kafkaName != nil })
        #expect(BrokerSettings.all.allSatisfy { !$0.doc.isEmpty && !$0.defaultText.isEmpty })
    }

    /// The flags the integration suite and the docs use keep working.
    @Test func everyExistingFlagIsDeclared() {
        for flag in [
            "listen", "advertised-listener", "data-dir", "node-id", "num-partitions", "auto-create-topics", "flush",
            "flush-interval-ms", "fetch-transfer", "log-retention-check-interval-ms", "log-level", "max-request-bytes",
            "max-connections", "max-partitions", "max-partitions-per-request", "io-threads", "group-initial-rebalance-delay-ms",
            "group-min-session-timeout-ms", "group-max-session-timeout-ms", "group-max-size", "offsets-retention-minutes",
            "metrics-listen", "lag-threshold-per-consumer", "log-cleaner-interval-ms", "log-cleaner-dedupe-buffer-bytes",
        ] {
            #expect(BrokerSettings.named(flag: flag) != nil, "--\(flag)")
        }
    }

    @Test func argumentsParseInBothSpellingsAndTheLastOneWins() throws {
        let pairs = try BrokerSettings.pairs(fromArguments: ["--listen", "127.0.0.1:0", "--node-id=7", "--node-id", "8"])
        var config = BrokerConfig()
        try BrokerSettings.apply(pairs, to: &config)
        #expect(config.listenPort == 0 && config.nodeID == 8)
        #expect(config.givenSettings == ["listen", "node-id"])
    }

    @Test func mistakesNameTheSetting() {
        #expect(throws: SettingError("unknown option '--bogus'")) { try BrokerSettings.pairs(fromArguments: ["--bogus", "1"]) }
        #expect(throws: SettingError("unknown option '--bogus'")) { try BrokerSettings.pairs(fromArguments: ["--bogus=1"]) }
        #expect(throws: SettingError.self) { try BrokerSettings.pairs(fromArguments: ["listen", "x"]) }
        #expect(throws: SettingError("missing value for '--listen'")) { try BrokerSettings.pairs(fromArguments: ["--listen"]) }
        var config = BrokerConfig()
        #expect(throws: SettingError("unknown setting 'bogus'")) { try BrokerSettings.apply([("bogus", "1")], to: &config) }
        #expect(throws: SettingError("num-partitions must be an integer ≥ 1, got '0'")) {
            try BrokerSettings.apply([("num-partitions", "0")], to: &config)
        }
        #expect(throws: SettingError("flush must be always, interval or never, got 'sometimes'")) {
            try BrokerSettings.apply([("flush", "sometimes")], to: &config)
        }
        #expect(throws: SettingError.self) { try BrokerSettings.apply([("advertised-listener", "host:0")], to: &config) }
    }

    @Test func everySettingParsesAsBefore() throws {
        var config = BrokerConfig()
        try BrokerSettings.apply(
            [
                ("advertised-listener", "[::1]:9093"), ("auto-create-topics", "false"), ("flush", "interval"),
                ("flush-interval-ms", "250"), ("offsets-retention-minutes", "2"), ("metrics-listen", "off"),
                ("log-level", "debug"), ("fetch-transfer", "copy"), ("group-max-size", "5"),
                ("log-cleaner-dedupe-buffer-bytes", "4096"),
            ], to: &config)
        #expect(config.advertisedHost == "::1" && config.advertisedPort == 9093)
        #expect(!config.autoCreateTopics && config.flushPolicy == .interval && config.flushIntervalMs == 250)
        #expect(config.groupCoordinator.offsetsRetentionMs == 120_000 && config.metricsListenHost == nil)
        #expect(config.logLevel == .debug && config.fetchTransfer == .copy && config.groupCoordinator.groupMaxSize == 5)
        #expect(config.logCleaner.dedupeBufferBytes == 4096)
    }

    @Test func describeConfigsListsTheTableUnderKafkaNames() throws {
        var config = BrokerConfig()
        try BrokerSettings.apply([("num-partitions", "1"), ("max-connections", "77")], to: &config)
        let described = DescribeConfigsHandler.brokerConfigs(config, synonyms: true, documentation: true)
        let byName = Dictionary(described.map { ($0.name, $0) }) { first, _ in first }
        #expect(byName.count == described.count, "a name listed twice")
        // Given at its default value: still STATIC_BROKER_CONFIG, as Kafka reports a server.properties line.
        #expect(byName["num.partitions"]?.configSource == ConfigSource.staticBrokerConfig)
        #expect(byName["max.connections"]?.value == "77")
        #expect(byName["max.connections"]?.configType == ConfigType.int.rawValue)
        #expect(byName["max.connections"]?.synonyms.map(\.source) == [ConfigSource.staticBrokerConfig, ConfigSource.defaultConfig])
        #expect(byName["socket.request.max.bytes"]?.configSource == ConfigSource.defaultConfig)
        #expect(byName["default.replication.factor"]?.value == "1")
        #expect(byName["log.retention.ms"]?.value == "604800000")
        #expect(byName["message.max.bytes"]?.value == "1048588")
        #expect(described.allSatisfy { $0.readOnly && !$0.isSensitive && $0.documentation != nil })
        for setting in BrokerSettings.all {
            if let name = setting.kafkaName { #expect(byName[name] != nil, "\(name)") }
        }
    }

    @Test func describeConfigsReportsTopicOverridesWithSynonyms() throws {
        let config = try LogConfig(overrides: ["retention.ms": "1000"])
        let described = DescribeConfigsHandler.topicConfigs(config, synonyms: true, documentation: false)
        #expect(described.map(\.name) == TopicConfigDefinition.all.map(\.name))
        let retention = try #require(described.first { $0.name == "retention.ms" })
        #expect(retention.value == "1000" && retention.configSource == ConfigSource.dynamicTopicConfig && !retention.readOnly)
        #expect(retention.synonyms.map(\.name) == ["retention.ms", "log.retention.ms"])
        #expect(retention.configType == ConfigType.long.rawValue && retention.documentation == nil)
        let segment = try #require(described.first { $0.name == "segment.bytes" })
        #expect(segment.configSource == ConfigSource.defaultConfig)
    }

    @Test func readmeTableHasARowPerFlag() {
        let rows = BrokerSettings.markdownTable.split(separator: "\n")
        #expect(rows.count == 2 + BrokerSettings.all.filter { $0.flag != nil }.count)
        #expect(rows.contains { $0.hasPrefix("| `--flush always\\|interval\\|never` | `log.flush.interval.ms` |") })
        let topicRows = BrokerSettings.topicMarkdownTable.split(separator: "\n")
        #expect(topicRows.count == 2 + TopicConfigDefinition.all.count)
    }

    @Test func incrementalAlterRefusesListOperationsOnOtherConfigsWithInvalidConfig() throws {
        typealias Op = IncrementalAlterConfigsRequest.Config
        #expect(throws: AlterConfigsHandler.InvalidConfig.self) {
            try AlterConfigsHandler.merge([Op(name: "retention.ms", configOperation: ConfigOperation.append, value: "1")], into: [:])
        }
        #expect(throws: AlterConfigsHandler.InvalidConfig.self) {
            try AlterConfigsHandler.merge([Op(name: "bogus", configOperation: ConfigOperation.subtract, value: "1")], into: [:])
        }
        #expect(throws: AlterConfigsHandler.InvalidRequest.self) {
            try AlterConfigsHandler.merge([Op(name: "retention.ms", configOperation: ConfigOperation.set, value: nil)], into: [:])
        }
        let merged = try AlterConfigsHandler.merge(
            [Op(name: "cleanup.policy", configOperation: ConfigOperation.append, value: "compact")], into: [:])
        #expect(merged == ["cleanup.policy": "delete,compact"])
    }
}
