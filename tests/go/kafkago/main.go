// Command kafkago drives segmentio/kafka-go 0.2.1 (Debian's golang-github-segmentio-kafka-go-dev)
// for tests/integration/test_go_clients.py, with the library's default settings.
//
// Output: one JSON object per line, {"event":"record",...} for every record read, {"event":"error",...}
// and a final {"event":"done","ok":...}; the exit status is 0 only on success.
//
//	kafkago -mode write -brokers H:P -topic T -n 30 -tag t      (Writer, round-robin over the partitions)
//	kafkago -mode read  -brokers H:P -topic T -partition 0 -n 10 (Reader on one partition, from its first offset)
//	kafkago -mode group -brokers H:P -topic T -group G -n 10     (Reader with a GroupID: ReadMessage commits)
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	kafka "github.com/segmentio/kafka-go"
)

var out = json.NewEncoder(os.Stdout)

func emit(v map[string]interface{}) { _ = out.Encode(v) }

func fail(op string, err error) {
	emit(map[string]interface{}{"event": "error", "op": op, "error": err.Error()})
	emit(map[string]interface{}{"event": "done", "ok": false})
	os.Exit(1)
}

func main() {
	mode := flag.String("mode", "", "write | read | group")
	brokers := flag.String("brokers", "127.0.0.1:9092", "bootstrap servers, comma separated")
	topic := flag.String("topic", "", "topic")
	group := flag.String("group", "", "consumer group (mode group)")
	partition := flag.Int("partition", 0, "partition (mode read)")
	n := flag.Int("n", 30, "records to write, or to read")
	tag := flag.String("tag", "r", "value prefix of written records")
	timeout := flag.Duration("timeout", 30*time.Second, "the whole run is bounded by this")
	flag.Parse()

	time.AfterFunc(*timeout, func() { fail("timeout", fmt.Errorf("no result after %v", *timeout)) })
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	addrs := strings.Split(*brokers, ",")

	switch *mode {
	case "write":
		w := kafka.NewWriter(kafka.WriterConfig{Brokers: addrs, Topic: *topic})
		msgs := make([]kafka.Message, *n)
		for i := range msgs {
			msgs[i] = kafka.Message{Key: []byte(fmt.Sprintf("k%d", i)), Value: []byte(fmt.Sprintf("%s-%d", *tag, i))}
		}
		if err := w.WriteMessages(ctx, msgs...); err != nil {
			fail("write", err)
		}
		if err := w.Close(); err != nil {
			fail("close", err)
		}
	case "read", "group":
		cfg := kafka.ReaderConfig{Brokers: addrs, Topic: *topic}
		if *mode == "group" {
			cfg.GroupID = *group
		} else {
			cfg.Partition = *partition
		}
		r := kafka.NewReader(cfg)
		for i := 0; i < *n; i++ {
			m, err := r.ReadMessage(ctx)
			if err != nil {
				fail("read", err)
			}
			emit(map[string]interface{}{
				"event": "record", "partition": m.Partition, "offset": m.Offset,
				"key": string(m.Key), "value": string(m.Value),
			})
		}
		if err := r.Close(); err != nil {
			fail("close", err)
		}
	default:
		fail("mode", fmt.Errorf("unknown mode %q", *mode))
	}
	emit(map[string]interface{}{"event": "done", "ok": true})
}
