"""One execution environment as the manager sees it: a process tree, its channel, its log.

An environment runs one invocation at a time. Python environments are served over the
private channel (``frames``); Node and custom runtimes over their own Runtime API
listener. Either way the environment resolves the same futures: ``ready`` when init ends
(with the init error, if any) and one outcome per invocation.

The log pipe is read as it fills; when the result arrives, the pipe is drained
synchronously before the outcome is handed over: the runtime wrote its output before
sending the result, so everything the handler printed is in the pipe and lands before
``END``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cloudlet.runtime import contract, frames
from cloudlet.runtime.logstream import Event, LineSplitter, now_ms
from cloudlet.runtime.netns import Relays
from cloudlet.runtime.runtime_api import MAX_RESPONSE_BYTES, Invocation, RuntimeApi
from cloudlet.runtime.sandbox import EnvironmentCgroups
from cloudlet.runtime.spec import FunctionSpec

# What one invocation's output may add to the server's memory before the rest is dropped
MAX_INVOCATION_OUTPUT = 8 * 1024 * 1024
OUTPUT_DROPPED = (f"cloudlet: not supported: more than {MAX_INVOCATION_OUTPUT // (1024 * 1024)} MB "
                  "of output in one invocation; the rest of it was dropped")
READS_PER_WAKE = 16  # 64 KB reads of the log pipe per event-loop wake-up (a flood must not starve it)
PIDS_CHECK_S = 0.05  # how often a running invocation's pids cgroup is checked for a fork bomb
# An idle environment is frozen once it has been idle this long, not at once: back-to-back
# invocations (a busy function) skip a freeze and a thaw each (~0.2 ms of the invoke's path
# with the v1 freezer: the write, and the runtime woken to enter the refrigerator and again
# to leave it), and the freeze is off the response's path. 2 ms was shorter than a boto3
# client's own turnaround between two calls on a busy machine (and than the gap each of 8
# environments sees under 8 client threads), so most warm invokes paid it; 50 ms is what a
# client calling in a loop stays under.
FREEZE_AFTER_S = 0.05


@dataclass
class Outcome:
    """How one invocation (or init) ended."""

    payload: bytes
    function_error: bool
    max_memory_mb: int = 0
    status: str | None = None  # REPORT "Status:" (timeout, error) when the platform ended it
    error_type: str | None = None  # REPORT "Error Type:"
    platform_log: str | None = None  # line Lambda itself logs (crash, timeout)
    fatal: bool = False  # the environment is gone


class Environment:
    """A started (or starting) execution environment."""

    def __init__(
        self,
        spec: FunctionSpec,
        env_id: str,
        log_stream: str,
        cgroups: EnvironmentCgroups | None,
        freeze_mode: str | None,
        idle_log: Callable[[Environment, list[Event]], None],
    ) -> None:
        self.spec = spec
        self.id = env_id
        self.log_stream = log_stream
        self.cgroups = cgroups
        self.freeze_mode = freeze_mode  # "cgroup", "signal" or None
        self._idle_log = idle_log
        self.pid: int | None = None  # the environment's init, as the manager sees it
        self.runtime_pid: int | None = None  # the runtime, when not in its own PID namespace
        self.ctl: socket.socket | None = None
        self.log_fd = -1
        self.api: RuntimeApi | None = None
        self.relays: Relays | None = None  # its network namespace's way to the edge
        self.splitter = LineSplitter()
        self.lines: list[Event] = []
        self.collecting = True
        self.collected = 0  # bytes of output collected for the current invocation
        self.pids_hit = False  # killed after a fork failed at pids.max
        self._pids_watch: asyncio.TimerHandle | None = None
        self._freeze_timer: asyncio.TimerHandle | None = None
        self.ready: asyncio.Future[Outcome | None] = asyncio.get_running_loop().create_future()
        self.pending: asyncio.Future[Outcome] | None = None
        self.current_request: str | None = None
        self.reader = frames.FrameReader()
        self.exit_status: int | None = None
        self.oom = False
        self.killed = False
        self.dead = False
        self.frozen = False
        self.busy = False
        self.retired = False
        self.max_memory_mb = 0
        self.last_used = time.monotonic()
        self.loop = asyncio.get_running_loop()

    # --- wiring ----------------------------------------------------------------------------
    def attach(self, ctl: socket.socket, log_fd: int) -> None:
        self.ctl = ctl
        self.log_fd = log_fd
        ctl.setblocking(False)
        os.set_blocking(log_fd, False)
        self.loop.add_reader(ctl.fileno(), self._on_ctl)
        self.loop.add_reader(log_fd, self._on_log)

    def _on_ctl(self) -> None:
        assert self.ctl is not None
        try:
            data = self.ctl.recv(1 << 20)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._on_death()
            return
        for kind, header, body in self.reader.feed(data):
            self._on_frame(kind, header, body)

    def _on_frame(self, kind: int, header: dict[str, Any], body: bytes) -> None:
        if kind == frames.READY:
            if header.get("exec_error"):
                self._set_ready(self._platform_failure(contract.INVALID_ENTRYPOINT, header["exec_error"]))
            elif header.get("error"):
                payload = contract.to_json(header["error"]).encode()
                self._set_ready(Outcome(payload, True, self._memory_used(), status="error",
                                        error_type=header["error"].get("errorType")))
            else:
                self._set_ready(None)
        elif kind == frames.RESULT:
            if self._fork_bombed():
                return
            self.max_memory_mb = max(self.max_memory_mb, int(header.get("maxrss_kb", 0)) // 1024)
            self._resolve(Outcome(body, bool(header.get("error")), self.max_memory_mb))
        elif kind == frames.STARTED:
            self.runtime_pid = int(header["pid"])
        elif kind == frames.OOM:
            self.oom = True
        elif kind == frames.EXIT:
            self.exit_status = int(header["status"])
            self._on_death()

    def _on_log(self) -> None:
        self._read_log(READS_PER_WAKE)

    def _read_log(self, reads: int) -> None:
        for _ in range(reads):
            try:
                data = os.read(self.log_fd, 1 << 16)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                data = b""
            if not data:
                with contextlib.suppress(Exception):
                    self.loop.remove_reader(self.log_fd)
                return
            if self.collecting:
                self.collected += len(data)
                if self.collected > MAX_INVOCATION_OUTPUT:
                    if self.collected - len(data) <= MAX_INVOCATION_OUTPUT:
                        self.lines.append((now_ms(), OUTPUT_DROPPED))
                        self.splitter = LineSplitter()
                    continue
            events = self.splitter.feed(data)
            if not events:
                continue
            if self.collecting:
                self.lines.extend(events)
            else:
                self._idle_log(self, events)

    def drain_log(self) -> None:
        """Take everything already written to the pipe (and a last unfinished line)."""
        if self.log_fd >= 0:
            self._read_log(4 * READS_PER_WAKE)
        tail = self.splitter.flush()
        if self.collecting:
            self.lines.extend(tail)
        elif tail:
            self._idle_log(self, tail)

    def take_lines(self) -> list[Event]:
        lines, self.lines = self.lines, []
        return lines

    # --- Runtime API listener (Node and custom runtimes) ----------------------------------------
    def on_runtime_ready(self) -> None:
        self._set_ready(None)

    def on_init_error(self, body: bytes, error_type: str | None) -> None:
        self._set_ready(Outcome(_error_payload(body, error_type), True, status="error",
                                error_type=error_type or _error_type(body)))

    def on_response(self, request_id: str, body: bytes, content_type: str | None) -> None:
        if request_id == self.current_request:
            self._resolve(Outcome(body, False, self._memory_used()))

    def on_error(self, request_id: str, body: bytes, error_type: str | None) -> None:
        if request_id == self.current_request:
            self._resolve(Outcome(_error_payload(body, error_type), True, self._memory_used()))

    def on_response_too_large(self, request_id: str) -> None:
        if request_id == self.current_request:
            message = (
                "Response payload size exceeded maximum allowed payload size "
                f"({MAX_RESPONSE_BYTES} bytes)."
            )
            payload = json.dumps(contract.platform_error("Function.ResponseSizeTooLarge", message))
            self._resolve(Outcome(payload.encode(), True, self._memory_used()))

    # --- lifecycle -------------------------------------------------------------------------
    def _set_ready(self, outcome: Outcome | None) -> None:
        if not self.ready.done():
            self.drain_log()
            self.ready.set_result(outcome)

    def _resolve(self, outcome: Outcome) -> None:
        if self.pending is not None and not self.pending.done():
            self.drain_log()
            self.pending.set_result(outcome)

    def _memory_used(self) -> int:
        used = self.cgroups.max_usage_mb() if self.cgroups is not None else None
        if used is None and self.runtime_pid is not None:
            used = _peak_rss_mb(self.runtime_pid)
        if used:
            self.max_memory_mb = max(self.max_memory_mb, used)
        return self.max_memory_mb

    def _platform_failure(self, error_type: str, detail: str) -> Outcome:
        request_id = self.current_request or ""
        if error_type == contract.INVALID_ENTRYPOINT:
            message = contract.invalid_entrypoint_message(request_id, detail)
        else:
            message = contract.runtime_exited_message(request_id, detail)
        return Outcome(
            json.dumps(contract.platform_error(error_type, message)).encode(),
            True,
            self._memory_used(),
            status="error",
            error_type=error_type,
            platform_log=f"{message}\n{error_type}",
            fatal=True,
        )

    def _crash_outcome(self) -> Outcome:
        status = self.exit_status
        signum = os.WTERMSIG(status) if status is not None and os.WIFSIGNALED(status) else None
        code = os.WEXITSTATUS(status) if status is not None and os.WIFEXITED(status) else None
        oom_killed = self.cgroups is not None and self.cgroups.oom_killed()
        if self.oom or (oom_killed and signum in (None, signal.SIGKILL)):
            return self._platform_failure(contract.OUT_OF_MEMORY, contract.exit_reason(None, signal.SIGKILL))
        if status is None:
            return self._platform_failure(contract.EXIT_ERROR, contract.exit_reason(None, signal.SIGKILL))
        if code == 0:
            outcome = self._platform_failure(contract.EXIT_ERROR, "")
            message = contract.runtime_exited_without_reason(self.current_request or "")
            outcome.payload = json.dumps(contract.platform_error(contract.EXIT_ERROR, message)).encode()
            outcome.platform_log = f"{message}\n{contract.EXIT_ERROR}"
            return outcome
        return self._platform_failure(contract.EXIT_ERROR, contract.exit_reason(code, signum))

    def _on_death(self) -> None:
        if self.dead:
            return
        self.dead = True
        self.busy = False
        if self.ctl is not None:
            with contextlib.suppress(Exception):
                self.loop.remove_reader(self.ctl.fileno())
        self.drain_log()
        # whoever killed it reports why (the pids watch leaves it to the crash report)
        outcome = Outcome(b"", True, fatal=True) if self.killed and not self.pids_hit else self._crash_outcome()
        if not self.ready.done():
            self.ready.set_result(outcome)
        if self.pending is not None and not self.pending.done():
            self.pending.set_result(outcome)
        self.destroy()

    # --- invoking ----------------------------------------------------------------------------
    async def invoke(self, invocation: Invocation, timeout_s: float) -> Outcome:
        """Run one invocation; a timeout kills the environment."""
        self.current_request = invocation.request_id
        self.pending = self.loop.create_future()
        self.collecting = True
        self.collected = 0
        self._cancel_freeze()
        self.thaw()
        if self.cgroups is not None and self.cgroups.pids is not None:
            self._pids_watch = self.loop.call_later(PIDS_CHECK_S, self._watch_pids)
        if self.api is not None:
            self.api.submit(invocation)
        else:
            assert self.ctl is not None
            data = frames.encode(frames.INVOKE, invocation.header(), invocation.payload)
            try:
                sent = self.ctl.send(data)
            except (BlockingIOError, InterruptedError):
                sent = 0
            except OSError:
                sent = len(data)  # dead: the EOF handler resolves the invocation
            if sent < len(data):
                await self.loop.sock_sendall(self.ctl, data[sent:])
        pending = self.pending
        # a timer rather than wait_for(shield(...)): no extra task, future and callbacks
        timer = self.loop.call_later(timeout_s, _expire, pending)
        try:
            outcome = await pending
            if outcome is not _TIMED_OUT:
                return outcome
            self.kill()
            self.drain_log()  # its last output (even a line without newline) belongs to this log
            message = contract.timeout_message(invocation.request_id, self.spec.timeout_s)
            payload = json.dumps(contract.platform_error(contract.SANDBOX_TIMEDOUT, message)).encode()
            log = contract.timeout_log_line(invocation.request_id, self.spec.timeout_s, time.time())
            return Outcome(payload, True, self.max_memory_mb, status="timeout",
                           platform_log=log, fatal=True)
        finally:
            timer.cancel()
            if self._pids_watch is not None:
                self._pids_watch.cancel()
                self._pids_watch = None
            self.current_request = None
            self.pending = None

    def _fork_bombed(self) -> bool:
        """If a fork failed at the pids limit, end the environment (``Runtime.ExitError``):
        its process tree is in no state to serve."""
        if self.dead or self.cgroups is None or not self.cgroups.pids_exhausted():
            return False
        self.pids_hit = True
        self.kill()
        return True

    def _watch_pids(self) -> None:
        self._pids_watch = None
        if self.pending is not None and not self.pending.done() and not self._fork_bombed():
            self._pids_watch = self.loop.call_later(PIDS_CHECK_S, self._watch_pids)

    def end_invocation(self) -> None:
        """Back to idle: stop attributing output to an invocation; freeze once idle for
        ``FREEZE_AFTER_S`` (unless the next invocation came first)."""
        self.collecting = False
        self.last_used = time.monotonic()
        if self.freeze_mode is not None and self._freeze_timer is None:
            self._freeze_timer = self.loop.call_later(FREEZE_AFTER_S, self._freeze_if_idle)

    def _freeze_if_idle(self) -> None:
        self._freeze_timer = None
        if self.pending is None and not self.collecting:
            self.freeze()

    def _cancel_freeze(self) -> None:
        if self._freeze_timer is not None:
            self._freeze_timer.cancel()
            self._freeze_timer = None

    # --- freezing and ending -------------------------------------------------------------------
    def freeze(self) -> None:
        if self.dead or self.frozen or self.freeze_mode is None:
            return
        try:
            if self.freeze_mode == "cgroup" and self.cgroups is not None:
                self.cgroups.freeze()
            elif self.freeze_mode == "signal" and self.pid is not None:
                os.killpg(self.pid, signal.SIGSTOP)
            self.frozen = True
        except OSError:
            pass

    def thaw(self) -> None:
        if not self.frozen:
            return
        self.frozen = False
        try:
            if self.freeze_mode == "cgroup" and self.cgroups is not None:
                self.cgroups.thaw()
            elif self.freeze_mode == "signal" and self.pid is not None:
                os.killpg(self.pid, signal.SIGCONT)
        except OSError:
            pass

    def kill(self) -> None:
        """End every process of the environment now."""
        self.killed = True
        self._cancel_freeze()
        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.killpg(self.pid, signal.SIGKILL)  # init and, without a PID namespace, its group
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
        if self.cgroups is not None:
            self.cgroups.kill()
        elif self.frozen and self.pid is not None:
            with contextlib.suppress(OSError):
                os.killpg(self.pid, signal.SIGCONT)
        self.frozen = False

    def destroy(self) -> None:
        """Kill (if alive) and release every resource; idempotent."""
        if not self.dead:
            self.kill()
        if self.ctl is not None:
            with contextlib.suppress(Exception):
                self.loop.remove_reader(self.ctl.fileno())
            self.ctl.close()
            self.ctl = None
        if self.log_fd >= 0:
            with contextlib.suppress(Exception):
                self.loop.remove_reader(self.log_fd)
            os.close(self.log_fd)
            self.log_fd = -1
        if self.api is not None:
            self.api.close()
            self.api = None
        if self.relays is not None:
            self.relays.close()
            self.relays = None
        if not self.ready.done():
            self.ready.set_result(Outcome(b"", True, fatal=True))
        if self.pending is not None and not self.pending.done():
            self.pending.set_result(Outcome(b"", True, fatal=True))  # the manager is stopping
        self.dead = True

    async def release_cgroups(self, limit_s: float = 5.0) -> None:
        """Remove the environment's cgroups once its last process is gone."""
        if self.cgroups is not None:
            await self.cgroups.release(limit_s)

    def describe(self) -> dict[str, Any]:
        state = "dead" if self.dead else "busy" if self.busy else "idle"
        info: dict[str, Any] = {"id": self.id, "pid": self.pid, "state": state,
                                "frozen": self.frozen, "log_stream": self.log_stream}
        if self.cgroups is not None:
            info["freezer_state"] = self.cgroups.freezer_state() if self.cgroups.freezable else None
            info["cgroups"] = [str(d) for d in self.cgroups.dirs]
        return info


_TIMED_OUT = Outcome(b"", True)  # what ``_expire`` resolves a pending invocation with


def _expire(pending: asyncio.Future[Outcome]) -> None:
    if not pending.done():
        pending.set_result(_TIMED_OUT)


def _error_type(body: bytes) -> str | None:
    try:
        value = json.loads(body).get("errorType")
    except Exception:
        return None
    return value if isinstance(value, str) else None


def _error_payload(body: bytes, error_type: str | None) -> bytes:
    """What the runtime posted to /error; an empty body gets a minimal error shape."""
    if body.strip():
        return body
    return json.dumps({"errorMessage": "", "errorType": error_type or "Unhandled"}).encode()


def _peak_rss_mb(pid: int) -> int | None:
    """Peak RSS (VmHWM) of a process, in MB."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None
