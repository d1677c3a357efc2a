"""Debian's ZooKeeper and Burrow 1.2.1 as real processes for test_burrow.py.

Burrow 1.2 does not start without ZooKeeper. `ZooKeeper` runs a standalone server on a free
loopback port with a data dir of its own (ready once `srvr` shows it serving); `Burrow`
writes a config file pointing at a broker and that ZooKeeper and runs `Burrow --config-dir`. Both
are stopped by PID (SIGTERM, then SIGKILL) and die with pytest (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import _die_with_parent, free_port

ZK_CLASSPATH = "/etc/zookeeper/conf:/usr/share/java/zookeeper.jar"
ZK_MAIN = "org.apache.zookeeper.server.ZooKeeperServerMain"


def available() -> str | None:
    """None when Java, ZooKeeper and Burrow are installed, else what is missing."""
    missing = [what for what, ok in (
        ("java", shutil.which("java")),
        ("zookeeper", Path("/usr/share/java/zookeeper.jar").exists()),
        ("Burrow", shutil.which("Burrow")),
    ) if not ok]
    return ", ".join(missing) or None


def _stop(proc: subprocess.Popen | None, timeout: float = 10.0) -> None:
    """SIGTERM, then SIGKILL after `timeout` seconds."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10.0)


class ZooKeeper:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.log_path = workdir / "zookeeper.log"
        self.proc: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> "ZooKeeper":
        (self.workdir / "data").mkdir(exist_ok=True)
        cfg = self.workdir / "zoo.cfg"
        cfg.write_text(
            "tickTime=2000\n"
            f"dataDir={self.workdir / 'data'}\n"
            f"clientPort={self.port}\n"
            "clientPortAddress=127.0.0.1\n"
            "4lw.commands.whitelist=ruok,srvr\n"
            "admin.enableServer=false\n"
        )
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            ["java", "-Xmx128m", "-XX:+UseSerialGC", "-cp", ZK_CLASSPATH, ZK_MAIN, str(cfg)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=self.workdir,
            preexec_fn=_die_with_parent)
        log.close()
        deadline = time.monotonic() + timeout
        while not self._imok():
            if self.proc.poll() is not None:
                raise RuntimeError(f"zookeeper exited with {self.proc.returncode}\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"zookeeper not answering ruok after {timeout}s\n{self.log_tail()}")
            time.sleep(0.2)
        return self

    def _imok(self) -> bool:
        """`ruok` answers `imok` before the server takes sessions; `srvr` says "not currently serving
        requests" until it does, then shows its mode."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1.0) as s:
                s.settimeout(1.0)
                s.sendall(b"srvr")
                answer = b""
                while chunk := s.recv(4096):
                    answer += chunk
                return b"Mode: standalone" in answer
        except OSError:
            return False

    def stop(self) -> None:
        # Burrow 1.2.1 can take 10 s or more to shut down on SIGTERM; it keeps no state worth a clean exit.
        _stop(self.proc, timeout=1.0)

    def log_events(self) -> list[dict]:
        """Burrow's log lines (JSON objects; debug level shows each commit it decoded)."""
        out = []
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return out
        for line in text.splitlines():
            if line.startswith("{"):
                try:
                    out.append(json.loads(line))
                except ValueError:
                    pass
        return out

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""


class Burrow:
    """Burrow with one cluster and one consumer module, both named `cluster`, reading `broker`."""

    def __init__(self, workdir: Path, bootstrap: str, zookeeper: str, cluster: str = "fjord",
                 kafka_version: str = "2.1.0"):
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.bootstrap = bootstrap
        self.zookeeper = zookeeper
        self.cluster = cluster
        self.kafka_version = kafka_version
        self.port = free_port()
        self.log_path = workdir / "burrow.log"
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self) -> str:
        # topic-refresh and offset-refresh (seconds) are short so that the test need not wait long
        # for the broker's end offsets; storage `intervals` is how many offsets Burrow keeps per partition.
        return f"""
[general]
pidfile="{self.workdir / 'burrow.pid'}"

[logging]
level="debug"

[zookeeper]
servers=["{self.zookeeper}"]
timeout=6
root-path="/burrow"

[client-profile.fjord]
client-id="fjord-it-burrow"
kafka-version="{self.kafka_version}"

[cluster.{self.cluster}]
class-name="kafka"
servers=["{self.bootstrap}"]
client-profile="fjord"
topic-refresh=1
offset-refresh=1

[consumer.{self.cluster}]
class-name="kafka"
cluster="{self.cluster}"
servers=["{self.bootstrap}"]
client-profile="fjord"

[httpserver.default]
address="127.0.0.1:{self.port}"

[storage.default]
class-name="inmemory"
workers=2
intervals=10
expire-group=604800
min-distance=1
"""

    def start(self, timeout: float = 20.0, attempts: int = 3) -> "Burrow":
        """Start and wait for the HTTP server to list the cluster. Burrow sometimes fails its first
        ZooKeeper handshake right after ZooKeeper starts and exits, so a start is retried."""
        (self.workdir / "burrow.toml").write_text(self.config())
        for attempt in range(1, attempts + 1):
            (self.workdir / "burrow.pid").unlink(missing_ok=True)
            log = open(self.log_path, "ab")
            log.write(f"\n===== start #{attempt}\n".encode())
            log.flush()
            self.proc = subprocess.Popen(
                ["Burrow", "--config-dir", str(self.workdir)], stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, cwd=self.workdir, preexec_fn=_die_with_parent)
            log.close()
            deadline = time.monotonic() + timeout
            while self.proc.poll() is None and time.monotonic() < deadline:
                status, body = self.get("/v3/kafka")
                if status == 200 and self.cluster in body.get("clusters", []):
                    return self
                time.sleep(0.2)
            _stop(self.proc, timeout=1.0)
            time.sleep(1.0)
        raise RuntimeError(f"Burrow did not start in {attempts} attempts\n{self.log_tail()}")

    def get(self, path: str) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as r:
                return r.status, json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            try:
                return e.code, json.loads(e.read() or b"{}")
            except ValueError:
                return e.code, {}
        except (OSError, ValueError):
            return 0, {}

    def stop(self) -> None:
        # Burrow 1.2.1 can take 10 s or more to shut down on SIGTERM; it keeps no state worth a clean exit.
        _stop(self.proc, timeout=1.0)

    def log_events(self) -> list[dict]:
        """Burrow's log lines (JSON objects; debug level shows each commit it decoded)."""
        out = []
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return out
        for line in text.splitlines():
            if line.startswith("{"):
                try:
                    out.append(json.loads(line))
                except ValueError:
                    pass
        return out

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""
