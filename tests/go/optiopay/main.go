// Command optiopay drives optiopay/kafka v2 (Debian's golang-github-optiopay-kafka-dev 2.1.1) for
// tests/integration/test_go_clients.py, with the library's default configurations. The library asks
// the broker's ApiVersions and uses the highest version both sides know for each request.
//
// Output: one JSON object per line, {"event":"record",...} for every record produced or consumed,
// {"event":"error",...} and a final {"event":"done","ok":...}; the exit status is 0 only on success.
//
//	optiopay -mode produce -brokers H:P -topic T -partitions 3 -n 30 -tag t  (record i to partition i % partitions)
//	optiopay -mode consume -brokers H:P -topic T -partitions 3 -n 30        (every partition, oldest to latest offset)
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/optiopay/kafka/v2"
	"github.com/optiopay/kafka/v2/proto"
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
	partitions := flag.Int("partitions", 3, "partitions of the topic")
	n := flag.Int("n", 30, "records to produce, or to consume")
	tag := flag.String("tag", "r", "value prefix of produced records")
	timeout := flag.Duration("timeout", 30*time.Second, "the whole run is bounded by this")
	flag.Parse()

	time.AfterFunc(*timeout, func() { fail("timeout", fmt.Errorf("no result after %v", *timeout)) })
	b, err := kafka.Dial(strings.Split(*brokers, ","), kafka.NewBrokerConf("fjord-it-optiopay"))
	if err != nil {
		fail("dial", err)
	}
	defer b.Close()

	switch *mode {
	case "produce":
		p := b.Producer(kafka.NewProducerConf())
		// One Produce call per partition, with that partition's records (in order).
		byPart := make([][]*proto.Message, *partitions)
		for i := 0; i < *n; i++ {
			m := &proto.Message{Key: []byte(fmt.Sprintf("k%d", i)), Value: []byte(fmt.Sprintf("%s-%d", *tag, i))}
			byPart[i%*partitions] = append(byPart[i%*partitions], m)
		}
		for part, msgs := range byPart {
			if len(msgs) == 0 {
				continue
			}
			if _, err := p.Produce(*topic, int32(part), msgs...); err != nil {
				fail("produce", err)
			}
			for _, m := range msgs {
				emit(map[string]interface{}{
					"event": "record", "partition": part, "offset": m.Offset, "key": string(m.Key), "value": string(m.Value),
				})
			}
		}
	case "consume":
		// Each partition is read from its oldest offset up to its latest (ListOffsets), with the
		// default consumer configuration (which retries empty fetches forever; -timeout bounds it).
		got := 0
		for part := 0; part < *partitions; part++ {
			latest, err := b.OffsetLatest(*topic, int32(part))
			if err != nil {
				fail("offset-latest", err)
			}
			earliest, err := b.OffsetEarliest(*topic, int32(part))
			if err != nil {
				fail("offset-earliest", err)
			}
			if latest <= earliest {
				continue
			}
			c, err := b.Consumer(kafka.NewConsumerConf(*topic, int32(part)))
			if err != nil {
				fail("consumer", err)
			}
			for next := earliest; next < latest; {
				m, err := c.Consume()
				if err != nil {
					fail("consume", err)
				}
				emit(map[string]interface{}{
					"event": "record", "partition": part, "offset": m.Offset, "key": string(m.Key), "value": string(m.Value),
				})
				got++
				next = m.Offset + 1
			}
		}
		if got != *n {
			fail("consume", fmt.Errorf("%d records, expected %d", got, *n))
		}
	default:
		fail("mode", fmt.Errorf("unknown mode %q", *mode))
	}
	emit(map[string]interface{}{"event": "done", "ok": true})
}
