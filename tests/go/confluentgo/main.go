// Command confluentgo drives confluent-kafka-go 0.11.6 (Debian's
// golang-github-confluentinc-confluent-kafka-go-dev, linked against the system librdkafka) for
// tests/integration/test_go_clients.py, with librdkafka's defaults besides the settings named below.
//
// Output: one JSON object per line, {"event":"record",...} for every record delivered or consumed,
// {"event":"error",...} and a final {"event":"done","ok":...}; the exit status is 0 only on success.
//
//	confluentgo -mode produce -brokers H:P -topic T -n 30 -tag t
//	confluentgo -mode consume -brokers H:P -topic T -group G -n 30  (subscribe; the group starts at the earliest offset)
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/confluentinc/confluent-kafka-go/kafka"
)

var out = json.NewEncoder(os.Stdout)

func emit(v map[string]interface{}) { _ = out.Encode(v) }

func fail(op string, err error) {
	emit(map[string]interface{}{"event": "error", "op": op, "error": err.Error()})
	emit(map[string]interface{}{"event": "done", "ok": false})
	os.Exit(1)
}

func main() {
	mode := flag.String("mode", "", "produce | consume")
	brokers := flag.String("brokers", "127.0.0.1:9092", "bootstrap servers, comma separated")
	topic := flag.String("topic", "", "topic")
	group := flag.String("group", "fjord-it-confluentgo", "consumer group (mode consume)")
	n := flag.Int("n", 30, "records to produce, or to consume")
	tag := flag.String("tag", "r", "value prefix of produced records")
	timeout := flag.Duration("timeout", 30*time.Second, "the whole run is bounded by this")
	flag.Parse()

	time.AfterFunc(*timeout, func() { fail("timeout", fmt.Errorf("no result after %v", *timeout)) })
	_, libVersion := kafka.LibraryVersion()
	emit(map[string]interface{}{"event": "library", "librdkafka": libVersion})

	switch *mode {
	case "produce":
		p, err := kafka.NewProducer(&kafka.ConfigMap{"bootstrap.servers": *brokers, "client.id": "fjord-it-confluentgo"})
		if err != nil {
			fail("new-producer", err)
		}
		defer p.Close()
		delivered := make(chan kafka.Event, *n)
		for i := 0; i < *n; i++ {
			err := p.Produce(&kafka.Message{
				TopicPartition: kafka.TopicPartition{Topic: topic, Partition: kafka.PartitionAny},
				Key:            []byte(fmt.Sprintf("k%d", i)),
				Value:          []byte(fmt.Sprintf("%s-%d", *tag, i)),
			}, delivered)
			if err != nil {
				fail("produce", err)
			}
		}
		for i := 0; i < *n; i++ {
			m := (<-delivered).(*kafka.Message)
			if m.TopicPartition.Error != nil {
				fail("delivery", m.TopicPartition.Error)
			}
			emit(map[string]interface{}{
				"event": "record", "partition": m.TopicPartition.Partition, "offset": int64(m.TopicPartition.Offset),
				"key": string(m.Key), "value": string(m.Value),
			})
		}
	case "consume":
		c, err := kafka.NewConsumer(&kafka.ConfigMap{
			"bootstrap.servers": *brokers, "client.id": "fjord-it-confluentgo",
			"group.id": *group, "auto.offset.reset": "earliest",
		})
		if err != nil {
			fail("new-consumer", err)
		}
		if err := c.Subscribe(*topic, nil); err != nil {
			fail("subscribe", err)
		}
		for got := 0; got < *n; {
			m, err := c.ReadMessage(time.Second)
			if err != nil {
				if ke, ok := err.(kafka.Error); ok && ke.Code() == kafka.ErrTimedOut {
					continue
				}
				fail("read", err)
			}
			emit(map[string]interface{}{
				"event": "record", "partition": m.TopicPartition.Partition, "offset": int64(m.TopicPartition.Offset),
				"key": string(m.Key), "value": string(m.Value),
			})
			got++
		}
		if err := c.Close(); err != nil {
			fail("close", err)
		}
	default:
		fail("mode", fmt.Errorf("unknown mode %q", *mode))
	}
	emit(map[string]interface{}{"event": "done", "ok": true})
}
