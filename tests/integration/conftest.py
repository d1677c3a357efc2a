"""Fixtures for the Fjord integration suite.

Every test talks to a real `fjord serve` subprocess on a free loopback port with a fresh data
directory. The binary comes from $FJORD_BIN (default .build/debug/fjord, relative to the repo).
Extra serve flags can be passed with $FJORD_EXTRA_ARGS (split like a shell would).

The broker's stdout and stderr go to `broker.log` in the test's temporary directory; when a test
fails, the tail of that log is attached to the failure report.
"""

from __future__ import annotations

import ctypes
import os
import re
import shlex
import signal
import socket
import struct
import subprocess
import time
from pathlib import Path

import pytest

import kwire

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = float(os.environ.get("FJORD_START_TIMEOUT", "20"))
STOP_TIMEOUT_S = 15.0
LOG_TAIL_LINES = 80


def fjord_bin() -> Path:
    raw = os.environ.get("FJORD_BIN", ".build/debug/fjord")
    path = Path(raw)
    if not path.is_absolute():
        path = REPO_ROOT / path
    return path


def free_port() -> int:
    """A port the kernel just handed out for 127.0.0.1; closed again so the broker can bind it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """Runs in the child before exec: SIGKILL the broker if pytest itself dies (no orphans in CI)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:
        pass


def _child_setup(nofile: int | None):
    """The child's set-up before exec: die with pytest, and optionally a descriptor limit (soft and
    hard, so the broker cannot raise it) for tests that run it out of descriptors."""
    def setup() -> None:
        _die_with_parent()
        if nofile is not None:
            import resource
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))
    return setup


class BrokerFailed(RuntimeError):
    pass


class Broker:
    """One `fjord serve` process; the port and data dir survive restarts."""

    def __init__(self, workdir: Path, extra_args: list[str] | None = None, name: str = "broker",
                 env: dict[str, str] | None = None, nofile: int | None = None):
        self.binary = fjord_bin()
        # Extra environment (e.g. LD_PRELOAD of the fault injector) and a descriptor limit.
        self.env = dict(env or {})
        self.nofile = nofile
        self.workdir = workdir
        self.data_dir = workdir / "data"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = workdir / f"{name}.log"
        self.port = free_port()
        self.host = "127.0.0.1"
        self.extra_args = list(extra_args or [])
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self.last_exit_code: int | None = None

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    def command(self) -> list[str]:
        addr = self.bootstrap
        cmd = [
            str(self.binary), "serve",
            "--listen", addr,
            "--advertised-listener", addr,
            "--data-dir", str(self.data_dir),
            "--node-id", "1",
            "--log-level", os.environ.get("FJORD_LOG_LEVEL", "info"),
            # Brokers run in parallel: an ephemeral metrics port instead of the shared default 9644.
            "--metrics-listen", "127.0.0.1:0",
        ]
        cmd += shlex.split(os.environ.get("FJORD_EXTRA_ARGS", ""))
        cmd += self.extra_args
        return cmd

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> "Broker":
        if self.proc is not None and self.proc.poll() is None:
            raise BrokerFailed("broker already running")
        if not self.binary.exists():
            raise BrokerFailed(f"no fjord binary at {self.binary} (set FJORD_BIN or run `make build-debug`)")
        self.starts += 1
        log = open(self.log_path, "ab")
        log.write(f"\n===== start #{self.starts}: {shlex.join(self.command())}\n".encode())
        log.flush()
        self.proc = subprocess.Popen(
            self.command(), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            cwd=self.workdir, preexec_fn=_child_setup(self.nofile), env={**os.environ, **self.env},
        )
        log.close()
        self.wait_connectable()
        return self

    def wait_connectable(self, timeout: float = START_TIMEOUT_S) -> None:
        """Bounded wait until the broker answers an ApiVersions v0 request on a fresh connection and
        its group coordinator has loaded.

        A successful TCP connect alone is not enough: the port can be bound (and connections
        accepted) a moment before the broker is ready to serve them.
        """
        deadline = time.monotonic() + timeout
        while True:
            code = self.proc.poll()
            if code is not None:
                self.last_exit_code = code
                raise BrokerFailed(f"broker exited with {code} during start-up\n{self.log_tail()}")
            if self._answers_api_versions() and self._coordinator_started():
                return
            if time.monotonic() > deadline:
                raise BrokerFailed(f"broker not answering ApiVersions after {timeout}s\n{self.log_tail()}")
            time.sleep(0.05)

    def _coordinator_started(self) -> bool:
        """The group coordinator has replayed `__consumer_offsets` (or given up), as a Kafka broker
        is ready once its coordinators are loaded: until then group requests are answered
        COORDINATOR_LOAD_IN_PROGRESS, which some clients' admin calls do not retry."""
        text = self.log_text()
        current_run = text[text.rfind("===== start #"):]
        return "group coordinator loaded" in current_run or "group coordinator failed to load" in current_run

    def _answers_api_versions(self) -> bool:
        try:
            with socket.create_connection((self.host, self.port), timeout=1.0) as s:
                s.settimeout(1.0)
                s.sendall(kwire.request(kwire.API_VERSIONS, 0, 1, b"", client_id="fjord-it-ready"))
                corr, _ = kwire.read_response(s)
                return corr == 1
        except (OSError, ConnectionError, struct.error):
            return False

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> int | None:
        """SIGTERM, wait, then SIGKILL. Returns the exit code (negative = killed by that signal)."""
        if self.proc is None:
            return self.last_exit_code
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._append_log(f"===== no exit {timeout}s after SIGTERM; sending SIGKILL\n")
                self.proc.kill()
                self.proc.wait(timeout=timeout)
        self.last_exit_code = self.proc.returncode
        self.proc = None
        return self.last_exit_code

    def kill9(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=STOP_TIMEOUT_S)
        self.last_exit_code = self.proc.returncode
        self._append_log("===== killed with SIGKILL\n")
        self.proc = None

    def restart(self) -> "Broker":
        self.stop()
        return self.start()

    def is_alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def cpu_seconds(self) -> float:
        """User + system CPU the broker process has used so far (all threads), from /proc."""
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        # utime and stime are fields 14 and 15 of stat(5); fields[0] here is field 3.
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def open_descriptors(self) -> int:
        return len(os.listdir(f"/proc/{self.proc.pid}/fd"))

    # -- logs ----------------------------------------------------------------------------------

    def _append_log(self, text: str) -> None:
        with open(self.log_path, "ab") as f:
            f.write(text.encode())

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def metrics_url(self, timeout: float = START_TIMEOUT_S) -> str:
        """`http://HOST:PORT` of the metrics listener of the current run, from its "metrics listening" line."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.log_text()
            current_run = text[text.rfind("===== start #"):]
            found = re.findall(r"address=(\S+)[^\n]*\bmetrics listening", current_run)
            if found:
                return f"http://{found[-1]}"
            if time.monotonic() > deadline:
                raise BrokerFailed(f"no 'metrics listening' line after {timeout}s\n{self.log_tail()}")
            time.sleep(0.05)

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        tail = self.log_text().splitlines()[-lines:]
        return f"--- last {len(tail)} lines of {self.log_path} ---\n" + "\n".join(tail)


# -- pytest wiring --------------------------------------------------------------------------------

_ALL_BROKERS: list[Broker] = []


def _make_broker(workdir: Path, extra_args: list[str] | None = None, name: str = "broker", **options) -> Broker:
    b = Broker(workdir, extra_args, name, **options)
    _ALL_BROKERS.append(b)
    return b


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if not rep.failed:
        return
    for b in _brokers_of(item):
        rep.sections.append((f"fjord log ({b.log_path.name}, port {b.port})", b.log_tail()))


def _brokers_of(item) -> list[Broker]:
    found = []
    for value in getattr(item, "funcargs", {}).values():
        if isinstance(value, Broker):
            found.append(value)
        elif isinstance(value, BrokerFactory):
            found.extend(value.brokers)
    return found


class BrokerFactory:
    """For tests that need non-default serve flags: `broker_factory(["--num-partitions", "3"])`."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.brokers: list[Broker] = []

    def __call__(self, extra_args: list[str] | None = None, start: bool = True, **options) -> Broker:
        """`options`: `env` (extra environment) and `nofile` (descriptor limit), see `Broker`."""
        name = f"broker{len(self.brokers)}"
        b = _make_broker(self.tmp_path / name, extra_args, name, **options)
        self.brokers.append(b)
        if start:
            b.start()
        return b

    def close(self) -> None:
        for b in self.brokers:
            b.stop()


@pytest.fixture
def broker(tmp_path: Path):
    """A fresh broker for this test (function scope)."""
    b = _make_broker(tmp_path / "broker")
    b.start()
    try:
        yield b
    finally:
        b.stop()


@pytest.fixture
def broker_factory(tmp_path: Path):
    f = BrokerFactory(tmp_path)
    try:
        yield f
    finally:
        f.close()


@pytest.fixture(scope="module")
def shared_broker(tmp_path_factory):
    """One broker shared by the tests of a module that only add topics (cross-client matrix, codecs)."""
    b = _make_broker(tmp_path_factory.mktemp("shared"), name="shared-broker")
    b.start()
    try:
        yield b
    finally:
        b.stop()


@pytest.fixture
def shared(request, shared_broker: Broker) -> Broker:
    """The module's shared broker, listed in the test's funcargs so failures show its log."""
    if not shared_broker.is_alive():
        proc = shared_broker.proc
        code = proc.poll() if proc is not None else shared_broker.last_exit_code
        pytest.fail(f"shared broker is not running (exit code {code}; 0 after a 'shutting down' line means it "
                    f"got SIGTERM/SIGINT from outside)\n{shared_broker.log_tail()}")
    return shared_broker


@pytest.fixture(scope="session")
def go_clients():
    """The Go client programs of tests/go, built once per session (goclients.py)."""
    import goclients
    try:
        bin_dir = goclients.build_go_clients()
    except FileNotFoundError as e:
        pytest.skip(f"Go clients not available: {e}")
    except subprocess.CalledProcessError as e:
        pytest.fail(f"building the Go clients failed:\n{e.stderr.decode(errors='replace')[-4000:]}")
    return goclients.GoClients(bin_dir)


def pytest_sessionfinish(session, exitstatus):
    for b in _ALL_BROKERS:
        if b.proc is not None and b.proc.poll() is None:
            b.proc.kill()
