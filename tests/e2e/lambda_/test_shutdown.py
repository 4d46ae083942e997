"""SIGTERM with an invocation running: the server stops cleanly and leaves no process."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

from tests.conftest import make_client
from tests.e2e.lambda_.conftest import ROLE, python_zip
from tests.server import RunningServer

SLOW = "import time\n\ndef handler(event, context):\n    time.sleep(60)\n    return 'late'\n"


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found: set[int] = set()
    stack = [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_sigterm_during_an_invocation_stops_everything(tmp_path: Path) -> None:
    server = RunningServer(tmp_path / "data").start()
    assert server.proc is not None
    client = make_client(server, "lambda")
    client.create_function(FunctionName="slow", Runtime="python3.12", Role=ROLE,
                           Handler="app.handler", Code={"ZipFile": python_zip(SLOW)}, Timeout=120)
    outcome: list[object] = []

    def call() -> None:
        try:
            outcome.append(client.invoke(FunctionName="slow", Payload=b"{}"))
        except Exception as error:
            outcome.append(error)

    caller = threading.Thread(target=call)
    caller.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(_descendants(server.proc.pid)) < 2:
        time.sleep(0.05)
    spawned = _descendants(server.proc.pid)
    assert spawned, "the invocation started no process"
    started = time.monotonic()
    assert server.stop(signal.SIGTERM, timeout=30) == 0
    assert time.monotonic() - started < 20
    caller.join(30)
    assert outcome
    time.sleep(0.2)
    assert [pid for pid in spawned if _alive(pid)] == []
