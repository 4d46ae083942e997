"""The spare: one environment init forked ahead of need, already in fresh cgroups.

Moving a process into a cgroup takes the kernel's cgroup_threadgroup_rwsem for writing,
which waits for an RCU grace period unless another move happened just before: after a
pause, the first environment to join its cgroups waits ~20 ms. The spare pays that while
the server is otherwise idle, so a cold start does not. The spare (``zygote.py``) has also
entered its network namespace, made the function-independent part of its root and forked
its runtime process; the cold start that takes it sends it its request itself
(``hand_over``), not through the zygote.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import signal
import socket
from collections.abc import Callable
from typing import Any, NamedTuple

from cloudlet.runtime import sandbox
from cloudlet.runtime.errors import RuntimeStopped
from cloudlet.runtime.spawn_request import Isolation
from cloudlet.runtime.zygote_client import ZygoteClient

log = logging.getLogger("cloudlet")

SPARE_WAIT_S = 0.1  # how long a cold start waits for a spare being made (its cgroup move)


class Spare(NamedTuple):
    """An environment init forked ahead (``zygote.py``): its cgroups, its pid, the socket
    its request goes to."""

    env_id: str
    cgroups: sandbox.EnvironmentCgroups
    pid: int
    channel: socket.socket


class Spares:
    """Keeps one spare ready (when there are cgroups to join)."""

    def __init__(self, zygote: ZygoteClient, isolation: Isolation,
                 release_later: Callable[[sandbox.EnvironmentCgroups], None]) -> None:
        self.zygote = zygote
        self.isolation = isolation
        self.release_later = release_later
        self.cgroups = sandbox.Cgroups()  # the manager's, once detected
        self.stopping = False
        self.ready: Spare | None = None
        self._task: asyncio.Task[None] | None = None

    async def take(self, memory_mb: int) -> tuple[str, sandbox.EnvironmentCgroups | None, Spare | None]:
        """The id and cgroups of a new environment, and the spare to hand its request to:
        the spare's when there is one (with ``memory_mb`` as its limit; the next spare is
        made once this environment's init has ended, see ``RuntimeManager._cold_start``),
        else new ones, and a spare is prepared for the next. A spare still being made is
        waited for: its cgroup move holds the lock this one would wait for anyway."""
        if not self.cgroups.bases():
            return secrets.token_hex(8), None, None
        if self.ready is None and self._task is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(self._task), SPARE_WAIT_S)
        spare, self.ready = self.ready, None
        if spare is None:
            self.refill()  # for the next cold start; this one does not wait for it
        if spare is not None:
            try:
                spare.cgroups.limit_memory(memory_mb)
                return spare.env_id, spare.cgroups, spare
            except OSError:
                spare.channel.close()
                self.release_later(spare.cgroups)
        env_id = secrets.token_hex(8)
        return env_id, sandbox.EnvironmentCgroups(self.cgroups, env_id, memory_mb), None

    def refill(self) -> None:
        if self.stopping or self.ready is not None or self._task is not None:
            return
        self._task = asyncio.get_running_loop().create_task(self._make())

    async def _make(self) -> None:
        cgroups = None
        iso = self.isolation
        try:
            env_id = secrets.token_hex(8)
            cgroups = sandbox.EnvironmentCgroups(self.cgroups, env_id, 128)
            pid, channel = await self.zygote.spare({
                "op": "spare", "spare": env_id, "pidns": iso.pidns, "netns": iso.netns,
                "rootfs": iso.rootfs, "unprivileged": iso.unprivileged,
                "cgroup_procs": cgroups.procs_files})
            if self.stopping:
                channel.close()
                raise RuntimeStopped("stopping")
            self.ready, cgroups = Spare(env_id, cgroups, pid, channel), None
        except Exception as e:  # no spare: cold starts join their cgroups themselves
            if not isinstance(e, RuntimeStopped):
                log.warning("runtime: no spare environment: %s", e)
        finally:
            self._task = None
            if cgroups is not None:
                self.release_later(cgroups)

    async def drop(self) -> None:
        if self._task is not None:
            with contextlib.suppress(Exception):
                await self._task
        spare, self.ready = self.ready, None
        if spare is None:
            return
        spare.channel.close()  # the spare reads an empty message and exits
        with contextlib.suppress(OSError):
            os.kill(spare.pid, signal.SIGKILL)
        self.release_later(spare.cgroups)


def hand_over(spare: Spare, request: dict[str, Any], fds: list[int]) -> int | None:
    """Send the spawn request and its descriptors to the spare itself (not through the
    zygote); its pid, or None if the spare is gone (the zygote then forks)."""
    try:
        socket.send_fds(spare.channel, [json.dumps(request).encode()], fds)
    except OSError:
        return None
    finally:
        spare.channel.close()
    return spare.pid
