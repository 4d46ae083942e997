"""SIGTERM with an invocation running: the server stops cleanly and leaves no process."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

from cloudlet.testing import RunningServer, descendants, function_ready, is_alive, start_time
from tests.conftest import make_client
from tests.e2e.lambda_.conftest import ROLE, python_zip

SLOW = "import time\n\ndef handler(event, context):\n    time.sleep(60)\n    return 'late'\n"


def test_sigterm_during_an_invocation_stops_everything(tmp_path: Path) -> None:
    server = RunningServer(tmp_path / "data").start()
    assert server.proc is not None
    client = make_client(server, "lambda")
    client.create_function(FunctionName="slow", Runtime="python3.12", Role=ROLE,
                           Handler="app.handler", Code={"ZipFile": python_zip(SLOW)}, Timeout=120)
    function_ready(client, "slow")
    outcome: list[object] = []

    def call() -> None:
        try:
            outcome.append(client.invoke(FunctionName="slow", Payload=b"{}"))
        except Exception as error:
            outcome.append(error)

    caller = threading.Thread(target=call)
    caller.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(descendants(server.proc.pid)) < 2:
        time.sleep(0.05)
    spawned = {pid: start_time(pid) for pid in descendants(server.proc.pid)}
    assert spawned, "the invocation started no process"
    started = time.monotonic()
    assert server.stop(signal.SIGTERM, timeout=30) == 0
    assert time.monotonic() - started < 20
    caller.join(30)
    assert outcome
    time.sleep(0.2)
    assert [pid for pid, t in spawned.items() if is_alive(pid, t)] == []
