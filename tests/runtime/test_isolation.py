"""Namespaces, private /tmp, freezing and cgroup limits, where the machine allows them."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import pytest

from cloudlet.runtime.manager import RuntimeManager
from tests.runtime.conftest import Harness, invoke

TMP = {
    "app.py": """
    import os, time
    def handler(event, context):
        if event.get("write"):
            with open("/tmp/mine", "w") as f:
                f.write(event["write"])
        time.sleep(event.get("sleep", 0))
        return {"files": sorted(os.listdir("/tmp")), "pid": os.getpid(), "ppid": os.getppid(),
                "procs": sorted(int(p) for p in os.listdir("/proc") if p.isdigit())}
    """
}


def test_private_tmp_and_pid_namespace(isolated: Harness) -> None:
    spec = isolated.function(TMP)

    async def body(m: RuntimeManager) -> tuple:
        if not (m.isolation.pidns and m.isolation.mountns):
            pytest.skip("namespaces unavailable")
        a, b = await asyncio.gather(
            invoke(m, spec, b'{"write": "a", "sleep": 0.3}'), invoke(m, spec, b'{"sleep": 0.3}')
        )
        return json.loads(a.payload), json.loads(b.payload)

    a, b = isolated.drive(body)
    # nothing is shared; the code is at /var/task, even when unpacked under /tmp
    assert "mine" in a["files"] and "mine" not in b["files"]
    # (the runtime's own interpreter stays visible when it lives under /tmp)
    kept = {sys.prefix.split("/")[2]} if sys.prefix.startswith("/tmp/") else set()
    assert set(a["files"]) - {"mine"} == set(b["files"]) <= kept
    assert a["pid"] == b["pid"] == 2  # pid 1 is the environment's init
    assert a["ppid"] == 1
    assert a["procs"] == [1, 2]  # nothing of the host is visible


def test_code_is_read_only(isolated: Harness) -> None:
    spec = isolated.function(
        {
            "app.py": """
            def handler(event, context):
                try:
                    open(__file__, "a").close()
                    return "writable"
                except OSError as e:
                    return e.strerror
            """
        }
    )

    async def body(m: RuntimeManager) -> object:
        if not m.isolation.mountns:
            pytest.skip("mount namespaces unavailable")
        return await invoke(m, spec)

    result = isolated.drive(body)
    # The handler runs as an unprivileged user: refused before the read-only mount is seen.
    assert json.loads(result.payload) in ("Read-only file system", "Permission denied")


def test_frozen_between_invocations(isolated: Harness) -> None:
    spec = isolated.function({"app.py": "def handler(e, c):\n    return 1\n"})

    async def body(m: RuntimeManager) -> tuple:
        await invoke(m, spec)
        # frozen once idle for FREEZE_AFTER_S (50 ms), not in the same loop turn
        for _ in range(100):
            await asyncio.sleep(0.01)
            env = m.stats()["functions"][spec.arn]["environments"][0]
            state = _freezer_state(env)
            if state in ("FROZEN", "T"):
                break
        again = await invoke(m, spec)
        return m.freeze_mode, state, again

    mode, state, again = isolated.drive(body)
    assert mode in ("cgroup", "signal")
    assert state in ("FROZEN", "FREEZING", "T")
    assert again.payload == b"1" and again.init_duration_ms is None


def _freezer_state(env: dict) -> str:
    if env.get("freezer_state"):
        return str(env["freezer_state"])
    with open(f"/proc/{env['pid']}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0]


def test_signal_freezing_fallback(isolated: Harness) -> None:
    """Without a freezer cgroup, environments are stopped with SIGSTOP (state T)."""
    spec = isolated.function({"app.py": "def handler(e, c):\n    return 1\n"})

    async def body(m: RuntimeManager) -> tuple:
        m.cgroups.freezer_v1 = None
        m.cgroups.v2 = None
        m.freeze_mode = "signal"
        await invoke(m, spec)
        env = m.stats()["functions"][spec.arn]["environments"][0]
        for _ in range(100):  # SIGSTOP is delivered asynchronously
            with open(f"/proc/{env['pid']}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
            if state == "T":
                break
            await asyncio.sleep(0.01)
        again = await invoke(m, spec)
        return state, again

    state, again = isolated.drive(body)
    assert state == "T"
    assert again.payload == b"1"


def test_memory_cgroup_limit(isolated: Harness) -> None:
    spec = isolated.function({"app.py": "def handler(e, c):\n    return 1\n"}, memory_mb=192)

    async def body(m: RuntimeManager) -> list[str]:
        if not m.cgroups.memory:
            pytest.skip("no memory cgroup")
        await invoke(m, spec)
        limits = []
        for d in m.stats()["functions"][spec.arn]["environments"][0]["cgroups"]:
            for name in ("memory.limit_in_bytes", "memory.max"):
                path = os.path.join(d, name)
                if os.path.exists(path):
                    limits.append(Path(path).read_text().strip())
        return limits

    assert str(192 * 1024 * 1024) in isolated.drive(body)


def test_isolation_none_uses_no_namespaces(tmp_path) -> None:  # type: ignore[no-untyped-def]
    harness = Harness(tmp_path, "none")
    spec = harness.function(TMP)

    async def body(m: RuntimeManager) -> dict:
        return json.loads((await invoke(m, spec)).payload)

    result = harness.drive(body)
    assert result["pid"] != 2 or os.getpid() == 1
    assert harness.sink.events  # logs work the same


def test_runtime_holds_no_descriptor_of_the_host(isolated: Harness) -> None:
    """The runtime (forked ahead by a spare environment, before its root was built) holds
    only its stdio, log and channel descriptors: nothing of the host's file system (such
    as the host /tmp the spare kept open to build the root), and it works in /var/task."""
    spec = isolated.function({"app.py": """
        import os
        def handler(event, context):
            fds = {}
            for fd in os.listdir("/proc/self/fd"):
                try:
                    fds[fd] = os.readlink(f"/proc/self/fd/{fd}")
                except FileNotFoundError:  # the listing's own, closed by now
                    pass
            return {"fds": fds, "cwd": os.getcwd(), "root": sorted(os.listdir("/"))}
        """})

    async def body(m: RuntimeManager) -> list[dict]:  # the first from a spare, if any
        return [json.loads((await invoke(m, spec)).payload)]

    for result in isolated.drive(body):
        allowed = ("socket:", "pipe:", "/dev/null", "/proc/")
        assert [t for t in result["fds"].values() if not t.startswith(allowed)] == []
        assert result["cwd"] == "/var/task"
        assert "home" not in result["root"], result
