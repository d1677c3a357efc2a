// Command sarama drives Shopify/sarama 1.22 (Debian's golang-github-shopify-sarama-dev) against a broker
// for the integration tests in tests/integration/test_go_sarama.py.
//
// Every run uses sarama.NewConfig() with only Version set (plus the few settings a mode cannot run
// without, listed at each mode), so what goes on the wire is what sarama sends by default at that
// Version. Output is one JSON object per line on stdout: {"event":"record",...} for each record
// produced or consumed, {"event":"call",...} for each admin call, {"event":"error",...} and a final
// {"event":"done",...}. The exit status is 0 only when the mode did all it was asked to.
//
//	sarama -mode versions
//	sarama -mode produce  -brokers H:P -version V0_8_2_0 -topic T -codec gzip -n 24 -tag t
//	sarama -mode consume  -brokers H:P -version V0_8_2_0 -topic T -n 24
//	sarama -mode group    -brokers H:P -version V0_10_2_0 -topic T -group G -n 10   (ConsumerGroup)
//	sarama -mode offsets  -brokers H:P -version V0_8_2_0 -topic T -group G -n 10    (OffsetManager)
//	sarama -mode admin    -brokers H:P -version V1_0_0_0 -topic T -calls create,list,describe,delete
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/Shopify/sarama"
)

var out = json.NewEncoder(os.Stdout)
var outMu sync.Mutex

func emit(v map[string]interface{}) {
	outMu.Lock()
	defer outMu.Unlock()
	_ = out.Encode(v)
}

func fail(op string, err error) {
	emit(map[string]interface{}{"event": "error", "op": op, "error": err.Error()})
	emit(map[string]interface{}{"event": "done", "ok": false})
	os.Exit(1)
}

// versionName is the name of the sarama constant for v: "0.8.2.0" -> V0_8_2_0, "2.2.0" -> V2_2_0_0.
func versionName(v sarama.KafkaVersion) string {
	s := v.String()
	if !strings.HasPrefix(s, "0.") {
		s += ".0"
	}
	return "V" + strings.Replace(s, ".", "_", -1)
}

func parseVersion(name string) sarama.KafkaVersion {
	for _, v := range sarama.SupportedVersions {
		if versionName(v) == name {
			return v
		}
	}
	fail("version", fmt.Errorf("unknown sarama version %q", name))
	return sarama.MinVersion
}

var codecs = map[string]sarama.CompressionCodec{
	"none":   sarama.CompressionNone,
	"gzip":   sarama.CompressionGZIP,
	"snappy": sarama.CompressionSnappy,
	"lz4":    sarama.CompressionLZ4,
	"zstd":   sarama.CompressionZSTD,
}

func record(m *sarama.ConsumerMessage) map[string]interface{} {
	return map[string]interface{}{
		"event": "record", "partition": m.Partition, "offset": m.Offset,
		"key": string(m.Key), "value": string(m.Value),
	}
}

func main() {
	mode := flag.String("mode", "", "versions | produce | consume | group | offsets | admin")
	brokers := flag.String("brokers", "127.0.0.1:9092", "bootstrap servers, comma separated")
	versionFlag := flag.String("version", "V0_8_2_0", "sarama Version constant name")
	topic := flag.String("topic", "", "topic")
	group := flag.String("group", "", "consumer group")
	codec := flag.String("codec", "none", "none | gzip | snappy | lz4 | zstd")
	n := flag.Int("n", 24, "records to produce, or to consume")
	tag := flag.String("tag", "r", "value prefix of produced records")
	calls := flag.String("calls", "", "admin calls, comma separated: create,list,describe,delete")
	partitions := flag.Int("partitions", 3, "partitions of the topic the admin mode creates")
	timeout := flag.Duration("timeout", 30*time.Second, "the whole run is bounded by this")
	verbose := flag.Bool("v", false, "sarama's log on stderr")
	flag.Parse()

	// A hung client must not hang the test: the run ends by itself.
	time.AfterFunc(*timeout, func() { fail("timeout", fmt.Errorf("no result after %v", *timeout)) })
	if *verbose {
		sarama.Logger = log.New(os.Stderr, "[sarama] ", log.Lmicroseconds)
	}

	if *mode == "versions" {
		for _, v := range sarama.SupportedVersions {
			emit(map[string]interface{}{"event": "version", "name": versionName(v), "string": v.String()})
		}
		emit(map[string]interface{}{"event": "done", "ok": true})
		return
	}

	conf := sarama.NewConfig()
	conf.ClientID = "fjord-it-sarama"
	conf.Version = parseVersion(*versionFlag)
	addrs := strings.Split(*brokers, ",")

	switch *mode {
	case "produce":
		produce(addrs, conf, *topic, *codec, *n, *tag)
	case "consume":
		consume(addrs, conf, *topic, *n)
	case "group":
		consumeGroup(addrs, conf, *topic, *group, *n)
	case "offsets":
		consumeOffsets(addrs, conf, *topic, *group, *n)
	case "admin":
		admin(addrs, conf, *topic, int32(*partitions), strings.Split(*calls, ","))
	default:
		fail("mode", fmt.Errorf("unknown mode %q", *mode))
	}
	emit(map[string]interface{}{"event": "done", "ok": true})
}

// produce sends n keyed records in one SendMessages call (one request per partition leader, so
// with a codec the records of a partition are compressed together). A SyncProducer cannot run
// without Producer.Return.Successes, so that one setting is made.
func produce(addrs []string, conf *sarama.Config, topic, codec string, n int, tag string) {
	c, ok := codecs[codec]
	if !ok {
		fail("codec", fmt.Errorf("unknown codec %q", codec))
	}
	conf.Producer.Compression = c
	conf.Producer.Return.Successes = true
	p, err := sarama.NewSyncProducer(addrs, conf)
	if err != nil {
		fail("new-producer", err)
	}
	defer p.Close()
	msgs := make([]*sarama.ProducerMessage, n)
	for i := range msgs {
		msgs[i] = &sarama.ProducerMessage{
			Topic: topic,
			Key:   sarama.StringEncoder(fmt.Sprintf("k%d", i)),
			Value: sarama.StringEncoder(fmt.Sprintf("%s-%d", tag, i)),
		}
	}
	if err := p.SendMessages(msgs); err != nil {
		if errs, ok := err.(sarama.ProducerErrors); ok {
			for _, e := range errs {
				emit(map[string]interface{}{"event": "error", "op": "send", "error": e.Err.Error()})
			}
		}
		fail("send", err)
	}
	for _, m := range msgs {
		k, _ := m.Key.Encode()
		v, _ := m.Value.Encode()
		emit(map[string]interface{}{
			"event": "record", "partition": m.Partition, "offset": m.Offset, "key": string(k), "value": string(v),
		})
	}
}

// consume reads every partition of the topic from the oldest offset with partition consumers
// until n records have arrived.
func consume(addrs []string, conf *sarama.Config, topic string, n int) {
	client, err := sarama.NewClient(addrs, conf)
	if err != nil {
		fail("new-client", err)
	}
	defer client.Close()
	parts, err := client.Partitions(topic)
	if err != nil {
		fail("partitions", err)
	}
	consumer, err := sarama.NewConsumerFromClient(client)
	if err != nil {
		fail("new-consumer", err)
	}
	defer consumer.Close()
	msgs := make(chan *sarama.ConsumerMessage)
	errs := make(chan error)
	for _, p := range parts {
		pc, err := consumer.ConsumePartition(topic, p, sarama.OffsetOldest)
		if err != nil {
			fail("consume-partition", err)
		}
		defer pc.AsyncClose()
		go func(pc sarama.PartitionConsumer) {
			for m := range pc.Messages() {
				msgs <- m
			}
		}(pc)
		go func(pc sarama.PartitionConsumer) {
			for e := range pc.Errors() {
				errs <- e
			}
		}(pc)
	}
	for got := 0; got < n; {
		select {
		case m := <-msgs:
			emit(record(m))
			got++
		case e := <-errs:
			fail("consume", e)
		}
	}
}

// groupHandler marks (and prints) the first n records the member gets, then ends the session.
type groupHandler struct {
	mu     sync.Mutex
	n, got int
	done   context.CancelFunc
}

func (h *groupHandler) Setup(s sarama.ConsumerGroupSession) error {
	claims := s.Claims()
	emit(map[string]interface{}{"event": "session", "member": s.MemberID(), "generation": s.GenerationID(), "claims": claims})
	return nil
}

func (h *groupHandler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h *groupHandler) ConsumeClaim(s sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for m := range claim.Messages() {
		h.mu.Lock()
		if h.got < h.n {
			s.MarkMessage(m, "")
			emit(record(m))
			h.got++
			if h.got == h.n {
				h.done()
			}
		}
		h.mu.Unlock()
	}
	return nil
}

// consumeGroup joins the group with a ConsumerGroup (sarama: Version >= V0_10_2_0), consumes and
// marks n records, and leaves: the session's end commits the marked offsets. A group with no
// committed offset starts at the oldest record (Consumer.Offsets.Initial), so that the records the
// test produced before are read; Consumer.Return.Errors makes a failed fetch or commit visible
// (neither setting changes what goes on the wire).
func consumeGroup(addrs []string, conf *sarama.Config, topic, group string, n int) {
	conf.Consumer.Offsets.Initial = sarama.OffsetOldest
	conf.Consumer.Return.Errors = true
	cg, err := sarama.NewConsumerGroup(addrs, group, conf)
	if err != nil {
		fail("new-consumer-group", err)
	}
	// Errors (a failed fetch or commit among them) are printed; any makes the run fail at the end.
	var errMu sync.Mutex
	var groupErr error
	errsDone := make(chan struct{})
	go func() {
		defer close(errsDone)
		for e := range cg.Errors() {
			emit(map[string]interface{}{"event": "error", "op": "group", "error": e.Error()})
			errMu.Lock()
			groupErr = e
			errMu.Unlock()
		}
	}()
	ctx, cancel := context.WithCancel(context.Background())
	h := &groupHandler{n: n, done: cancel}
	if n == 0 {
		cancel()
	}
	for ctx.Err() == nil {
		if err := cg.Consume(ctx, []string{topic}, h); err != nil {
			fail("consume", err)
		}
	}
	if err := cg.Close(); err != nil {
		fail("close", err)
	}
	<-errsDone
	errMu.Lock()
	defer errMu.Unlock()
	if groupErr != nil {
		fail("group", fmt.Errorf("errors were reported, the last: %v", groupErr))
	}
}

// consumeOffsets is what sarama offers below V0_10_2_0: an OffsetManager per partition (commits in
// Kafka, OffsetCommit with the group generation -1) and partition consumers starting at each
// partition's committed offset (the oldest record when there is none). It consumes n records,
// marks them and closes the offset manager, which commits.
func consumeOffsets(addrs []string, conf *sarama.Config, topic, group string, n int) {
	conf.Consumer.Offsets.Initial = sarama.OffsetOldest
	conf.Consumer.Return.Errors = true // a failed commit is reported on the partition offset manager
	client, err := sarama.NewClient(addrs, conf)
	if err != nil {
		fail("new-client", err)
	}
	defer client.Close()
	parts, err := client.Partitions(topic)
	if err != nil {
		fail("partitions", err)
	}
	om, err := sarama.NewOffsetManagerFromClient(group, client)
	if err != nil {
		fail("new-offset-manager", err)
	}
	consumer, err := sarama.NewConsumerFromClient(client)
	if err != nil {
		fail("new-consumer", err)
	}
	type part struct {
		pom sarama.PartitionOffsetManager
		pc  sarama.PartitionConsumer
	}
	msgs := make(chan *sarama.ConsumerMessage)
	errs := make(chan error, 16)
	poms := map[int32]sarama.PartitionOffsetManager{}
	var opened []part
	sort.Slice(parts, func(i, j int) bool { return parts[i] < parts[j] })
	for _, p := range parts {
		pom, err := om.ManagePartition(topic, p)
		if err != nil {
			fail("manage-partition", err)
		}
		next, _ := pom.NextOffset()
		emit(map[string]interface{}{"event": "start", "partition": p, "offset": next})
		pc, err := consumer.ConsumePartition(topic, p, next)
		if err != nil {
			fail("consume-partition", err)
		}
		poms[p] = pom
		opened = append(opened, part{pom, pc})
		go func(pc sarama.PartitionConsumer) {
			for m := range pc.Messages() {
				msgs <- m
			}
		}(pc)
		go func(pom sarama.PartitionOffsetManager) {
			for e := range pom.Errors() {
				errs <- e
			}
		}(pom)
		go func(pc sarama.PartitionConsumer) {
			for e := range pc.Errors() {
				errs <- e
			}
		}(pc)
	}
	for got := 0; got < n; {
		select {
		case m := <-msgs:
			poms[m.Partition].MarkOffset(m.Offset+1, "")
			emit(record(m))
			got++
		case e := <-errs:
			fail("offsets", e)
		}
	}
	for _, p := range opened {
		p.pc.AsyncClose()
	}
	for _, p := range opened {
		if err := p.pom.Close(); err != nil {
			fail("close-partition-offset-manager", err)
		}
	}
	if err := om.Close(); err != nil {
		fail("close-offset-manager", err)
	}
	select {
	case e := <-errs:
		fail("commit", e)
	default:
	}
}

// admin runs the ClusterAdmin calls asked for, in order; each prints one "call" event.
func admin(addrs []string, conf *sarama.Config, topic string, partitions int32, calls []string) {
	ca, err := sarama.NewClusterAdmin(addrs, conf)
	if err != nil {
		fail("new-cluster-admin", err)
	}
	defer ca.Close()
	okAll := true
	for _, call := range calls {
		ev := map[string]interface{}{"event": "call", "call": call}
		var err error
		switch call {
		case "create":
			err = ca.CreateTopic(topic, &sarama.TopicDetail{NumPartitions: partitions, ReplicationFactor: 1}, false)
		case "list":
			var topics map[string]sarama.TopicDetail
			topics, err = ca.ListTopics()
			if err == nil {
				found := map[string]interface{}{}
				for name, d := range topics {
					cfg := map[string]string{}
					for k, v := range d.ConfigEntries {
						if v != nil {
							cfg[k] = *v
						}
					}
					found[name] = map[string]interface{}{
						"partitions": d.NumPartitions, "replication": d.ReplicationFactor, "configs": cfg,
					}
				}
				ev["topics"] = found
			}
		case "describe":
			var entries []sarama.ConfigEntry
			entries, err = ca.DescribeConfig(sarama.ConfigResource{Type: sarama.TopicResource, Name: topic})
			if err == nil {
				cfg := map[string]interface{}{}
				for _, e := range entries {
					cfg[e.Name] = map[string]interface{}{"value": e.Value, "default": e.Default, "read_only": e.ReadOnly}
				}
				ev["configs"] = cfg
			}
		case "delete":
			err = ca.DeleteTopic(topic)
		default:
			err = fmt.Errorf("unknown admin call %q", call)
		}
		if err != nil {
			ev["error"] = err.Error()
			okAll = false
		}
		emit(ev)
	}
	if !okAll {
		emit(map[string]interface{}{"event": "done", "ok": false})
		os.Exit(1)
	}
}
