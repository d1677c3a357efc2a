#!/usr/bin/env bash
# `make bench-e2e`: a release broker of its own (data dir under /tmp, a free port, metrics off),
# the standard `fjord bench` set against it, then one table. The broker is stopped by its PID,
# never by name, because other brokers may be running on the same machine.
set -euo pipefail

BIN=${FJORD_BIN:-.build/release/fjord}
RECORDS=${BENCH_RECORDS:-1000000}
DATA=$(mktemp -d /tmp/fjord-bench-e2e.XXXXXX)
RESULTS=$DATA/results.jsonl
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BOOT=127.0.0.1:$PORT

"$BIN" serve --listen "$BOOT" --data-dir "$DATA/data" --metrics-listen none --log-level warning \
  --group-initial-rebalance-delay-ms 0 >"$DATA/broker.log" 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; cp "$RESULTS" bench-e2e-results.jsonl 2>/dev/null || true; rm -rf "$DATA"' EXIT

for _ in $(seq 1 200); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
  sleep 0.05
done

B=(--bootstrap-server "$BOOT" --results "$RESULTS" --broker-pid "$PID" --no-progress)
"$BIN" bench produce "${B[@]}" --topic std --records "$RECORDS" --record-size 100 --partitions 6 --acks all --linger-ms 5 --producers 2
"$BIN" bench consume "${B[@]}" --topic std --consumers 1
"$BIN" bench consume "${B[@]}" --topic std --consumers 3
"$BIN" bench produce "${B[@]}" --topic std-acks1 --records "$RECORDS" --record-size 100 --partitions 6 --acks 1
"$BIN" bench produce "${B[@]}" --topic big --records 4000 --record-size 65536 --partitions 6 --acks all
"$BIN" bench e2e "${B[@]}" --topic lat --rate 1000 --records 10000 --partitions 6
echo
"$BIN" bench report --results "$RESULTS"
