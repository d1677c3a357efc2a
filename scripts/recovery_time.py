#!/usr/bin/env python3
"""Recovery time after kill -9: fill a partition with about --gb GiB, SIGKILL the broker, time the restart.

The restart has no clean-shutdown marker, so the active segment is re-read batch by batch (CRC
included); with the default 1 GiB segment.bytes that is the whole log. The time reported is from
starting the process to its first answered ApiVersions request.

    FJORD_BIN=.build/release/fjord python scripts/recovery_time.py --gb 1
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "integration"))
# A 1 GiB recovery can take longer than the test suite's start-up timeout.
os.environ.setdefault("FJORD_START_TIMEOUT", "900")

from confluent_kafka import Producer  # noqa: E402

from clients import create_topic  # noqa: E402
from conftest import Broker  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gb", type=float, default=1.0)
    parser.add_argument("--value-bytes", type=int, default=1000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="fjord-recovery-"))
    broker = Broker(workdir, ["--flush", "never"], name="recovery-broker")
    broker.start()
    try:
        create_topic(broker.bootstrap, "big", 1)
        p = Producer({"bootstrap.servers": broker.bootstrap, "acks": "1", "linger.ms": 20, "batch.size": 1_000_000,
                      "queue.buffering.max.kbytes": 1_048_576, "compression.type": "none"})
        value = b"x" * args.value_bytes
        target = int(args.gb * (1 << 30))
        sent = 0
        started = time.monotonic()
        while sent < target:
            try:
                p.produce("big", value=value, partition=0)
                sent += args.value_bytes
            except BufferError:
                p.poll(0.05)
        assert p.flush(300) == 0
        produce_s = time.monotonic() - started
        segments = sorted((broker.data_dir / "big-0").glob("*.log"))
        size = sum(f.stat().st_size for f in segments)
        active_mib = segments[-1].stat().st_size / (1 << 20)
        print(f"produced {size / (1 << 30):.2f} GiB in {produce_s:.1f} s", flush=True)
        broker.kill9()
        started = time.monotonic()
        broker.start()
        recovery_s = time.monotonic() - started
        run = broker.log_text()
        run = run[run.rfind("===== start #"):]
        startup = [w for line in run.splitlines() if "listening" in line for w in line.split() if w.startswith("startup_ms=")]
        print(f"recovery after kill -9: broker answered ApiVersions {recovery_s:.2f} s after start "
              f"({size / (1 << 20):.0f} MiB in {len(segments)} segment(s), active segment {active_mib:.0f} MiB re-validated; "
              f"broker's own {startup[:1]})", flush=True)
    finally:
        broker.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
