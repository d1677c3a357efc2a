"""`fjord bench produce`, `consume` and `plan` against a live broker with tiny counts: the printed
summary and the JSON-lines fields a later run (and `plan`) rely on. No figure is asserted, only
that the fields exist and the counts add up."""

from __future__ import annotations

import json
import subprocess

from conftest import fjord_bin

CLI_TIMEOUT_S = 120


def bench(broker, results, *args: str) -> subprocess.CompletedProcess:
    cmd = [str(fjord_bin()), "bench", *args, "--bootstrap-server", broker.bootstrap, "--results", str(results),
           "--broker-pid", str(broker.proc.pid)]
    return subprocess.run(cmd, capture_output=True, timeout=CLI_TIMEOUT_S)


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_produce_then_consume_appends_results(broker, tmp_path):
    results = tmp_path / "results.jsonl"
    r = bench(broker, results, "produce", "--topic", "tiny", "--records", "500", "--record-size", "50",
              "--keys", "20", "--partitions", "3", "--producers", "2", "--linger-ms", "1")
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert "produce: 500 records" in out
    assert "records/s" in out and "p99" in out
    # Not a terminal: progress, if any, is plain lines, never carriage returns.
    assert b"\r" not in r.stderr

    r = bench(broker, results, "consume", "--topic", "tiny", "--consumers", "2")
    assert r.returncode == 0, r.stderr
    assert "consume: 500 records" in r.stdout.decode()

    produced, consumed = lines(results)
    assert produced["kind"] == "produce"
    assert produced["records"] == 500 and produced["partitions"] == 3
    assert produced["producers"] == 2 and produced["acks"] == "all" and produced["keys"] == 20
    for field in ("p50", "p99", "p999", "max", "count"):
        assert field in produced["latencyMicros"]
    assert produced["latencyMicros"]["count"] == 500
    assert produced["recordsPerSecond"] > 0 and produced["megabytesPerSecond"] > 0
    assert produced["broker"]["pid"] == broker.proc.pid and produced["broker"]["rssBytes"] > 0

    assert consumed["kind"] == "consume"
    assert consumed["records"] == 500 and consumed["consumers"] == 2 and consumed["errors"] == 0
    assert consumed["perConsumerRecordsPerSecond"] > 0
    assert consumed["timeToFirstRecordMs"] >= 0
    assert "broker" in consumed


def test_plan_uses_the_last_consume_result(tmp_path):
    results = tmp_path / "results.jsonl"
    results.write_text(json.dumps({
        "kind": "consume", "time": "2026-01-01T00:00:00Z", "bootstrap": "x", "topic": "orders", "partitions": 6,
        "records": 1000, "recordSize": 100, "consumers": 1, "seconds": 1.0, "recordsPerSecond": 120.0,
        "megabytesPerSecond": 0.012, "perConsumerRecordsPerSecond": 120.0}) + "\n")
    r = subprocess.run([str(fjord_bin()), "bench", "plan", "--orders-per-day", "8640000", "--events-per-order", "5",
                        "--results", str(results)], capture_output=True, timeout=CLI_TIMEOUT_S)
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert "500.0 records/s" in out
    assert "recommendation: 5 partitions, 5 consumer replicas" in out


def test_plan_without_a_measurement_fails_with_one_line(tmp_path):
    r = subprocess.run([str(fjord_bin()), "bench", "plan", "--orders-per-day", "1000",
                        "--results", str(tmp_path / "none.jsonl")], capture_output=True, timeout=CLI_TIMEOUT_S)
    assert r.returncode != 0
    assert len(r.stderr.decode().strip().splitlines()) == 1
