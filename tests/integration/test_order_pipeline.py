"""examples/order-pipeline/run.sh end to end: 500 orders through every service against a fresh broker."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

from conftest import REPO_ROOT, fjord_bin

RUN_SH = REPO_ROOT / "examples" / "order-pipeline" / "run.sh"
FINAL_LINE = re.compile(
    r"orders: (\d+) placed, (\d+) paid, (\d+) reserved, (\d+) shipped, lost (\d+), duplicated (\d+)")


def test_order_pipeline_500_orders(broker):
    env = dict(os.environ, BOOTSTRAP=broker.bootstrap, FJORD=str(fjord_bin()), PYTHON=sys.executable)
    # A session of its own, so that if run.sh overruns, it and every service it started can be stopped.
    proc = subprocess.Popen(["bash", str(RUN_SH), "--orders", "500", "--timeout", "40"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=80)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGTERM)  # run.sh's trap stops the services it started
        try:
            stdout, stderr = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            stdout, stderr = proc.communicate()
        raise AssertionError(f"run.sh did not finish within 80 s\n{stdout}\n{stderr}")
    output = f"--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}"
    assert proc.returncode == 0, output

    last = stdout.strip().splitlines()[-1]
    match = FINAL_LINE.fullmatch(last)
    assert match, f"unexpected final line {last!r}\n{output}"
    placed, paid, reserved, shipped, lost, _duplicated = map(int, match.groups())
    assert placed == paid == reserved == shipped == 500, last
    assert lost == 0, last
    assert "ordering violations: 0" in stdout, output
    # The scale-down from 3 to 2 payment-service copies happened and was shown.
    assert "scaling payment-service from 3 to 2 copies" in stdout, output
