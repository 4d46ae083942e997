"""Start a real cloudlet server in a subprocess on a free loopback port.

For tests, examples and benchmarks (yours too): ``RunningServer(data_dir).start()`` gives
``.url``; ``.stop()`` sends SIGTERM (or the signal you name) and waits.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RunningServer:
    def __init__(self, data_dir: Path, *args: str, env: dict[str, str] | None = None):
        self.data_dir = data_dir
        self.args = args
        self.env = env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir / "server.log"

    def start(self, timeout: float = 30.0) -> RunningServer:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "ab")  # noqa: SIM115 (kept open while the server runs)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cloudlet", "start", "--port", str(self.port),
             "--data-dir", str(self.data_dir), *self.args],
            stdout=self._log, stderr=subprocess.STDOUT, env={**os.environ, **(self.env or {})},
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"cloudlet exited: {self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/_cloudlet/health", timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"cloudlet did not start: {self.log_path.read_text()}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20.0) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        code = self.proc.returncode
        self.proc = None
        return code

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def _json(self, path: str, body: dict[str, float] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data,
                                         method="GET" if body is None else "POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def clock_now(self) -> float:
        """The server's time (``GET /_cloudlet/clock``), epoch seconds."""
        return float(self._json("/_cloudlet/clock")["now"])

    def advance_clock(self, seconds: float) -> float:
        """Move a ``--clock manual`` server's time forward; the new time."""
        return float(self._json("/_cloudlet/clock", {"advance": seconds})["now"])

    def set_clock(self, epoch: float) -> float:
        """Set a ``--clock manual`` server's time to ``epoch``; the new time."""
        return float(self._json("/_cloudlet/clock", {"set": epoch})["now"])

    def health(self) -> dict[str, Any]:
        """The server's ``GET /_cloudlet/health`` answer."""
        health: dict[str, Any] = self._json("/_cloudlet/health")
        return health


def descendants(pid: int) -> set[int]:
    """Every living process below ``pid`` (read from /proc)."""
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


def is_alive(pid: int, started: int | None = None) -> bool:
    """Whether ``pid`` exists and is not a zombie; with ``started`` (from ``start_time``),
    whether it is still that same process and not a later one given the same pid."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z" and (started is None or int(fields[19]) == started)


def start_time(pid: int) -> int | None:
    """When ``pid`` started (clock ticks after boot), to tell it from a reuse of its pid."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def function_ready(lambda_client: Any, name: str, timeout_s: float = 30.0) -> dict[str, Any]:
    """Wait until a function is ``Active`` and not being updated, as code written for AWS
    does after CreateFunction or an update (the ``function_active_v2`` and
    ``function_updated_v2`` waiters, polled every 10 ms); answer its configuration."""
    deadline = time.monotonic() + timeout_s
    while True:
        config: dict[str, Any] = lambda_client.get_function_configuration(FunctionName=name)
        if config.get("State") == "Active" and config.get("LastUpdateStatus") != "InProgress":
            return config
        if time.monotonic() > deadline:
            raise TimeoutError(f"function {name} still {config.get('State')}/"
                               f"{config.get('LastUpdateStatus')} after {timeout_s} s")
        time.sleep(0.01)
