#!/usr/bin/env python3
"""The broker's own acks=all round trip, without a client library in the way: one Produce v3
request of one 100-byte record at a time over a plain socket (the wire code of the integration
tests), timed from send to the whole response read. librdkafka's figure (bench_librdkafka.py
--only latency) adds the client's own queues and threads on top of this.

    swift build -c release
    .venv/bin/python scripts/bench_raw_latency.py --fjord-bin .build/release/fjord
    .venv/bin/python scripts/bench_raw_latency.py --fjord-bin .build/release/fjord --serve-args "--flush never"
"""

from __future__ import annotations

import argparse
import shlex
import socket
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "integration"))
import bench_librdkafka as lib  # noqa: E402
import kwire  # noqa: E402
from clients import create_topic  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fjord-bin", default=".build/release/fjord")
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--warmup", type=int, default=500)
    ap.add_argument("--serve-args", default="")
    args = ap.parse_args()

    broker = lib.FjordBroker(args.fjord_bin, shlex.split(args.serve_args))
    try:
        create_topic(broker.bootstrap, "lat", 1)
        s = kwire.connect(broker.bootstrap)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        batch = kwire.record_batch([b"x" * 100], int(time.time() * 1000))
        samples: list[float] = []
        for i in range(args.warmup + args.requests):
            request = kwire.request(0, 3, i, kwire.produce_v3("lat", 0, batch, acks=-1))
            start = time.perf_counter()
            s.sendall(request)
            _, body = kwire.read_response(s)
            elapsed = (time.perf_counter() - start) * 1e6
            assert kwire.parse_produce_v3(body)[0][2] == 0, "produce failed"
            if i >= args.warmup:
                samples.append(elapsed)
        s.close()
    finally:
        broker.stop()
    samples.sort()
    n = len(samples)
    print(f"raw Produce v3, acks=-1, 1 x 100 B, one at a time ({n} requests, {args.serve_args or 'default flags'}): "
          f"p50 {samples[n // 2]:.0f} µs  p99 {samples[int(n * 0.99)]:.0f} µs  p999 {samples[int(n * 0.999)]:.0f} µs  "
          f"max {samples[-1]:.0f} µs")


if __name__ == "__main__":
    main()
