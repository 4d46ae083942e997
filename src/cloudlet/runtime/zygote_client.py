"""The manager's handle on the zygote process (see ``zygote.py`` for the protocol)."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import cloudlet

_SRC_DIR = str(Path(cloudlet.__file__).resolve().parent.parent)


class ZygoteError(Exception):
    """The zygote could not be started or could not fork."""


class ZygoteClient:
    def __init__(self, sdk_models: tuple[str, ...] = ()) -> None:
        # botocore models the zygote parses before forking (empty: boto_cache's list)
        self.sdk_models = sdk_models
        self.proc: subprocess.Popen[bytes] | None = None
        self.sock: socket.socket | None = None
        self.info: dict[str, Any] = {}
        self._ids = itertools.count(1)
        self._waiters: dict[int, asyncio.Future[tuple[int, list[int]]]] = {}
        self._starting: asyncio.Future[None] | None = None

    @property
    def alive(self) -> bool:
        return self.sock is not None

    async def ensure(self) -> None:
        """Start the zygote unless it runs; concurrent callers share one start."""
        if self.sock is not None:
            return
        if self._starting is None:
            self._starting = asyncio.get_running_loop().create_future()
            try:
                await self._start()
                self._starting.set_result(None)
            except BaseException as e:
                self._starting.set_exception(e)
                self._starting.exception()  # mark retrieved
                raise
            finally:
                self._starting = None
        else:
            await asyncio.shield(self._starting)

    async def _start(self) -> None:
        loop = asyncio.get_running_loop()
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {
            "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "PYTHONPATH": _SRC_DIR,
        }
        if self.sdk_models:
            env["CLOUDLET_SDK_MODELS"] = ",".join(self.sdk_models)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "cloudlet.runtime.zygote", str(child.fileno())],
                pass_fds=[child.fileno()],
                env=env,
                cwd="/",
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        finally:
            child.close()
        parent.setblocking(False)
        try:
            hello = await asyncio.wait_for(loop.sock_recv(parent, 1 << 16), 120)
        except BaseException:
            parent.close()
            self._kill_proc()
            raise
        if not hello:
            parent.close()
            self._kill_proc()
            raise ZygoteError("the zygote exited during start-up")
        self.info = json.loads(hello)
        self.sock = parent
        loop.add_reader(parent.fileno(), self._on_reply)

    def _on_reply(self) -> None:
        assert self.sock is not None
        try:
            msg, fds, _flags, _addr = socket.recv_fds(self.sock, 1 << 16, 1)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            msg, fds = b"", []
        if not msg:
            _close(fds)
            self._lost()
            return
        reply = json.loads(msg)
        waiter = self._waiters.pop(reply["id"], None)
        if waiter is None or waiter.done():
            _close(fds)
        elif "error" in reply:
            _close(fds)
            waiter.set_exception(ZygoteError(reply["error"]))
        else:
            waiter.set_result((int(reply["pid"]), fds))

    def _lost(self) -> None:
        if self.sock is not None:
            with contextlib.suppress(Exception):
                asyncio.get_running_loop().remove_reader(self.sock.fileno())
            self.sock.close()
            self.sock = None
        for waiter in self._waiters.values():
            if not waiter.done():
                waiter.set_exception(ZygoteError("the zygote exited"))
        self._waiters.clear()
        self._kill_proc()

    async def spawn(self, request: dict[str, Any], fds: list[int]) -> int:
        """Fork an environment; returns its init's pid."""
        pid, received = await self.call(request, fds)
        _close(received)
        return pid

    async def spare(self, request: dict[str, Any]) -> tuple[int, socket.socket]:
        """Fork a spare environment (``{"op": "spare", ...}``); returns its init's pid and
        the socket its spawn request goes to (``zygote.py``)."""
        pid, received = await self.call(request, [])
        if len(received) != 1:
            _close(received)
            raise ZygoteError("the zygote sent no socket for its spare")
        return pid, socket.socket(fileno=received[0])

    async def call(self, request: dict[str, Any], fds: list[int]) -> tuple[int, list[int]]:
        """One request; its reply's pid and the descriptors attached to it."""
        await self.ensure()
        assert self.sock is not None
        request_id = next(self._ids)
        request["id"] = request_id
        waiter: asyncio.Future[tuple[int, list[int]]] = asyncio.get_running_loop().create_future()
        self._waiters[request_id] = waiter
        data = json.dumps(request).encode()
        while True:
            try:
                socket.send_fds(self.sock, [data], fds)
                break
            except (BlockingIOError, InterruptedError):
                await asyncio.sleep(0.001)
            except OSError as e:
                self._waiters.pop(request_id, None)
                self._lost()
                raise ZygoteError(f"cannot reach the zygote: {e}") from e
        return await waiter

    def _kill_proc(self) -> None:
        if self.proc is not None:
            with contextlib.suppress(OSError):
                self.proc.kill()
            with contextlib.suppress(Exception):
                self.proc.wait(5)
            self.proc = None

    async def stop(self) -> None:
        """Close the channel (the zygote exits on EOF) and reap it."""
        proc = self.proc
        self.proc = None
        self._lost()
        if proc is None:
            return
        for _ in range(200):
            if proc.poll() is not None:
                return
            await asyncio.sleep(0.005)
        proc.kill()
        proc.wait(5)


def _close(fds: list[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)
