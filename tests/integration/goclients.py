"""Running the Go client programs of tests/go (sarama, kafka-go, optiopay, confluent-kafka-go).

The programs are built once per session by the `go_clients` fixture (conftest.py), offline in GOPATH
mode against Debian's /usr/share/gocode, the way `make go-clients` builds them; `go build` only
rebuilds what changed. $FJORD_GO_BIN_DIR points at binaries built elsewhere (the Makefile passes
its own). Each program prints one JSON object per line; `GoRun` holds them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
GO_SRC = REPO_ROOT / "tests" / "go"
GO_BUILD_DIR = REPO_ROOT / ".build-go"
GO_CLIENTS = ("sarama", "kafkago", "optiopay", "confluentgo")
GOCODE = Path("/usr/share/gocode")


def go_env() -> dict[str, str]:
    """The environment of an offline GOPATH-mode build (the Makefile's GO_ENV)."""
    return {
        **os.environ,
        "GO111MODULE": "off",
        "GOFLAGS": "",
        "CGO_CFLAGS": "-g -O2 -Wno-deprecated-declarations",
        "GOPATH": f"{GO_BUILD_DIR / 'gopath'}:{GOCODE}",
        "GOCACHE": str(GO_BUILD_DIR / "cache"),
    }


def build_go_clients(timeout: float = 600.0) -> Path:
    """Build every program into .build-go/bin (or use $FJORD_GO_BIN_DIR as it is); returns the bin dir."""
    given = os.environ.get("FJORD_GO_BIN_DIR")
    if given:
        bin_dir = Path(given)
        missing = [c for c in GO_CLIENTS if not (bin_dir / c).exists()]
        if missing:
            raise RuntimeError(f"FJORD_GO_BIN_DIR={bin_dir} lacks {missing} (run `make go-clients`)")
        return bin_dir
    go = shutil.which("go")
    if go is None or not (GOCODE / "src/github.com/Shopify/sarama").is_dir():
        raise FileNotFoundError("no `go` or no Debian Go client sources (run `make deps`)")
    bin_dir = GO_BUILD_DIR / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    for name in GO_CLIENTS:
        subprocess.run([go, "build", "-o", str(bin_dir / name), "."], cwd=GO_SRC / name, env=go_env(),
                       check=True, timeout=timeout, capture_output=True)
    return bin_dir


@dataclass
class GoRun:
    argv: list[str]
    returncode: int
    events: list[dict] = field(default_factory=list)
    stderr: str = ""
    stdout: str = ""

    @property
    def ok(self) -> bool:
        done = [e for e in self.events if e.get("event") == "done"]
        return self.returncode == 0 and bool(done) and done[-1].get("ok") is True

    def of(self, kind: str) -> list[dict]:
        return [e for e in self.events if e.get("event") == kind]

    @property
    def records(self) -> list[dict]:
        return self.of("record")

    @property
    def errors(self) -> list[str]:
        """Distinct errors in the order first reported: the program's and each failed admin call's."""
        out: list[str] = []
        for e in self.events:
            if e.get("event") == "error":
                text = f"{e.get('op')}: {e.get('error')}"
            elif e.get("event") == "call" and e.get("error"):
                text = f"{e.get('call')}: {e.get('error')}"
            else:
                continue
            if text not in out:
                out.append(text)
        return out

    def describe(self) -> str:
        tail = "\n".join(self.stderr.splitlines()[-30:])
        return (f"`{' '.join(self.argv)}` exited {self.returncode}; errors: {self.errors}\n"
                f"--- last stdout events ---\n" + "\n".join(json.dumps(e) for e in self.events[-5:]) +
                f"\n--- stderr tail ---\n{tail}")

    def check(self) -> "GoRun":
        assert self.ok, self.describe()
        return self


class GoClients:
    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir

    def run(self, client: str, *args: str, timeout: float = 30.0) -> GoRun:
        """Run a program with `-timeout` (it ends itself then) and a little more for the process."""
        argv = [str(self.bin_dir / client), *args, "-timeout", f"{timeout:g}s"]
        try:
            p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout + 15)
        except subprocess.TimeoutExpired as e:
            return GoRun(argv, -9, _events(e.stdout or ""), _text(e.stderr), _text(e.stdout))
        return GoRun(argv, p.returncode, _events(p.stdout), p.stderr, p.stdout)


def _text(b) -> str:
    return b.decode(errors="replace") if isinstance(b, bytes) else (b or "")


def _events(stdout) -> list[dict]:
    out = []
    for line in _text(stdout).splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                pass
    return out


def record_tuples(records: list[dict]) -> list[tuple]:
    """(partition, offset, key, value), sorted: the exact identity of what was produced or read."""
    return sorted((int(r["partition"]), int(r["offset"]), r["key"], r["value"]) for r in records)


# -- shared checks of the Go client tests ---------------------------------------------------------

def produce_plain(bootstrap: str, topic: str, n: int, tag: str) -> list[tuple]:
    """n keyed records produced with confluent-kafka (no headers: not every Go client reads them);
    returns them as `record_tuples` would."""
    from clients import make_records, produce_confluent
    produced = produce_confluent(bootstrap, topic, make_records(n, tag, with_headers=False))
    assert len(produced) == n
    return sorted((r.partition, r.offset, r.key.decode(), r.value.decode()) for r in produced)


def committed_offsets(bootstrap: str, group: str, topic: str, partitions: int) -> dict[int, int]:
    """The group's committed offset of each partition (-1001, librdkafka's INVALID, when none)."""
    from confluent_kafka import TopicPartition
    from clients import confluent_consumer
    c = confluent_consumer(bootstrap, **{"group.id": group})
    try:
        got = c.committed([TopicPartition(topic, p) for p in range(partitions)], timeout=10)
        return {tp.partition: tp.offset for tp in got}
    finally:
        c.close()


def expected_commits(consumed: list[tuple], partitions: int) -> dict[int, int]:
    """After consuming `consumed` (a prefix of each partition) and committing: 1 + the last offset
    of each partition read, and no commit (-1001) where nothing was read."""
    out = {p: -1001 for p in range(partitions)}
    for p, off, _, _ in consumed:
        out[p] = max(out[p], off + 1)
    return out


def assert_prefixes(consumed: list[tuple]) -> None:
    """Each partition's records were read from its first offset without a gap."""
    by_part: dict[int, list[int]] = {}
    for p, off, _, _ in consumed:
        by_part.setdefault(p, []).append(off)
    for p, offs in by_part.items():
        assert sorted(offs) == list(range(len(offs))), f"partition {p}: offsets {sorted(offs)} are not 0..{len(offs) - 1}"


def check_group_resume(first: list[tuple], second: list[tuple], produced: list[tuple],
                       commits_after_first: dict[int, int], commits_after_second: dict[int, int],
                       partitions: int) -> None:
    """The first member read a prefix of each partition and committed exactly that; the restarted
    member resumed from those commits: together they read every record exactly once, and the final
    commits are the end offsets."""
    assert set(first) <= set(produced), f"records never produced: {sorted(set(first) - set(produced))[:5]}"
    assert len(set(first)) == len(first), "the first member read a record twice"
    assert_prefixes(first)
    want = expected_commits(first, partitions)
    assert commits_after_first == want, f"committed after the first member {commits_after_first}, expected {want}"
    assert not set(first) & set(second), f"read again after the restart: {sorted(set(first) & set(second))[:5]}"
    assert sorted(first + second) == produced
    ends = {p: 0 for p in range(partitions)}
    for p, off, _, _ in produced:
        ends[p] = max(ends[p], off + 1)
    assert commits_after_second == ends, f"committed after the second member {commits_after_second}, expected {ends}"
