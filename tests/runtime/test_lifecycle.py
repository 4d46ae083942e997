"""Idle reaping, retirement, revisions, and stopping without leaving processes."""

from __future__ import annotations

import asyncio
import os

import pytest

from cloudlet.runtime.errors import RuntimeStopped
from cloudlet.runtime.manager import RuntimeManager
from cloudlet.testing import descendants, is_alive
from tests.runtime.conftest import Harness, invoke

PID = {"app.py": "import os\ndef handler(e, c):\n    return os.getpid()\n"}


def test_idle_environments_are_reaped(harness: Harness) -> None:
    spec = harness.function(PID)

    async def body(m: RuntimeManager) -> tuple:
        first = await invoke(m, spec)
        warm = m.stats()["functions"][spec.arn]["warm"]
        await asyncio.sleep(1.0)
        reaped = m.stats()["functions"][spec.arn]["warm"]
        again = await invoke(m, spec)
        return first, warm, reaped, again

    first, warm, reaped, again = harness.drive(body, idle_timeout_s=0.3)
    assert (warm, reaped) == (1, 0)
    assert again.init_duration_ms is not None


def test_retire_drops_warm_environments(harness: Harness) -> None:
    spec = harness.function(PID)

    async def body(m: RuntimeManager) -> tuple:
        await invoke(m, spec)
        pid = m.stats()["functions"][spec.arn]["environments"][0]["pid"]
        m.retire(spec.arn)
        after = m.stats()["functions"][spec.arn]["warm"]
        again = await invoke(m, spec)
        await asyncio.sleep(0.2)
        return after, again, is_alive(pid)

    after, again, alive = harness.drive(body)
    assert after == 0
    assert again.init_duration_ms is not None
    assert not alive


def test_retire_lets_a_running_invocation_finish(harness: Harness) -> None:
    spec = harness.function({"app.py": "import time\ndef handler(e, c):\n    time.sleep(0.3)\n    return 'done'\n"})

    async def body(m: RuntimeManager) -> tuple:
        running = asyncio.ensure_future(invoke(m, spec))
        await asyncio.sleep(0.15)
        m.retire(spec.arn)
        result = await running
        return result, m.stats()["functions"][spec.arn]["warm"]

    result, warm = harness.drive(body)
    assert result.payload == b'"done"'
    assert warm == 0


def test_new_revision_never_reuses_old_environments(harness: Harness) -> None:
    old = harness.function({"app.py": "def handler(e, c):\n    return 'old'\n"}, name="rev", revision="1")
    new = harness.function({"app.py": "def handler(e, c):\n    return 'new'\n"}, name="rev", revision="2")

    async def body(m: RuntimeManager) -> list:
        return [await invoke(m, old), await invoke(m, new), await invoke(m, new)]

    a, b, c = harness.drive(body)
    assert (a.payload, b.payload, c.payload) == (b'"old"', b'"new"', b'"new"')
    assert b.init_duration_ms is not None and c.init_duration_ms is None


def test_stop_leaves_no_process_behind(harness: Harness) -> None:
    spec = harness.function(
        {
            "app.py": """
            import os, subprocess, time
            def handler(e, c):
                if e.get("sleep"):
                    time.sleep(10)
                subprocess.Popen(["sleep", "60"])  # a background child of the function
                return os.getpid()
            """
        }
    )
    before = descendants(os.getpid())
    pids: list[int] = []
    cgroups: list[str] = []

    async def body(m: RuntimeManager) -> None:
        await asyncio.gather(invoke(m, spec), invoke(m, spec))
        envs = m.stats()["functions"][spec.arn]["environments"]
        pids.extend(e["pid"] for e in envs)
        cgroups.extend(d for e in envs for d in e.get("cgroups", []))
        pids.append(m.stats()["zygote_pid"])
        running = asyncio.ensure_future(invoke(m, spec, b'{"sleep": 1}'))
        await asyncio.sleep(0.1)
        await m.stop()
        with pytest.raises(RuntimeStopped):  # a running invocation fails
            await running

    harness.drive(body)
    assert descendants(os.getpid()) - before == set()
    assert not any(is_alive(p) for p in pids)
    # the environments' cgroups and the manager's own are removed
    assert cgroups or harness.isolation == "none"
    for path in cgroups:
        assert not os.path.exists(path)
        assert not os.path.exists(os.path.dirname(path))


SLOW_INIT = {"app.py": "import os, time\ntime.sleep(1)\ndef handler(e, c):\n    return os.getpid()\n"}
SLEEPY = {"app.py": "import time, uuid\nTOKEN = uuid.uuid4().hex\n"
                    "def handler(e, c):\n    time.sleep(e.get('s', 0))\n    return TOKEN\n"}


async def _cancel_after(coro: object, delay: float) -> None:
    task = asyncio.ensure_future(coro)  # type: ignore[call-overload]
    await asyncio.sleep(delay)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def _busy(m: RuntimeManager) -> int:
    return sum(f["busy"] for f in m.stats()["functions"].values())


def test_cancelled_cold_start_leaves_no_busy_environment(harness: Harness) -> None:
    spec = harness.function(SLOW_INIT, reserved_concurrency=1)

    async def body(m: RuntimeManager) -> tuple[int, int, int | None]:
        await _cancel_after(invoke(m, spec), 0.3)
        await asyncio.sleep(0.05)
        busy = _busy(m)
        pid = m.stats()["environments"]
        result = await invoke(m, spec)
        return busy, pid, result.init_duration_ms

    busy, envs, init_ms = harness.drive(body)
    assert busy == 0 and envs == 0
    assert init_ms is not None


def test_cancelled_invocation_drops_its_environment(harness: Harness) -> None:
    spec = harness.function(SLEEPY, reserved_concurrency=1)

    async def body(m: RuntimeManager) -> tuple[bytes, int, bytes, int]:
        first = (await invoke(m, spec)).payload
        await _cancel_after(invoke(m, spec, b'{"s": 5}'), 0.3)
        await asyncio.sleep(0.05)
        busy = _busy(m)
        after = (await invoke(m, spec)).payload
        return first, busy, after, _busy(m)

    first, busy, after, busy_after = harness.drive(body)
    assert busy == 0 and busy_after == 0
    assert after != first  # the abandoned environment was not reused


def test_stop_during_cold_start_raises_runtime_stopped(harness: Harness) -> None:
    spec = harness.function(SLOW_INIT)

    before = descendants(os.getpid())  # e.g. a session-wide server of other tests

    async def body(m: RuntimeManager) -> tuple[BaseException | None, set[int]]:
        task = asyncio.ensure_future(invoke(m, spec))
        await asyncio.sleep(0.3)
        await m.stop()
        error: BaseException | None = None
        try:
            await task
        except RuntimeStopped as e:
            error = e
        return error, descendants(os.getpid())

    error, left = harness.drive(body)
    assert isinstance(error, RuntimeStopped)
    assert left - before == set()


async def _spare_ready(m: RuntimeManager) -> None:
    """Wait (up to 2 s) until the manager holds a spare environment."""
    for _ in range(100):
        if m.stats()["spare"]:
            return
        await asyncio.sleep(0.02)


def test_a_spare_environment_takes_the_next_cold_start(harness: Harness) -> None:
    """With cgroups, an init is forked ahead and joins its cgroups while nothing waits; the
    next cold start is that process (same pid), with the function's memory limit, and a
    new spare follows. Stopping ends the spare too (the harness checks nothing is left)."""
    spec = harness.function(PID, memory_mb=256)

    async def body(m: RuntimeManager) -> tuple:
        if not m.cgroups.bases():
            pytest.skip("no cgroups here: cold starts join no cgroup and need no spare")
        await _spare_ready(m)
        spare = m.spares.ready
        assert spare is not None
        first = await invoke(m, spec)
        env = m.stats()["functions"][spec.arn]["environments"][0]
        limit = (spare[1].memory / "memory.limit_in_bytes").read_text() if spare[1].memory else None
        await _spare_ready(m)
        return first, env, spare, limit, m.spares.ready

    first, env, spare, limit, refilled = harness.drive(body)
    assert first.init_duration_ms is not None
    assert (env["id"], env["pid"]) == (spare[0], spare[2])
    if limit is not None:
        assert int(limit) == 256 * 1024 * 1024
    assert refilled is not None and refilled[0] != spare[0]


def test_a_cold_start_whose_spare_died_forks_a_new_init(harness: Harness) -> None:
    """The manager hands a cold start's request to the spare itself; if the spare is gone
    (killed while it waited), the zygote forks the environment as without a spare."""
    spec = harness.function(PID)

    async def body(m: RuntimeManager) -> tuple:
        if not m.cgroups.bases():
            pytest.skip("no cgroups here: no spare")
        await _spare_ready(m)
        spare = m.spares.ready
        assert spare is not None
        os.kill(spare[2], 9)
        for _ in range(200):
            if not is_alive(spare[2]):
                break
            await asyncio.sleep(0.01)
        first = await invoke(m, spec)
        env = m.stats()["functions"][spec.arn]["environments"][0]
        return first, env, spare

    first, env, spare = harness.drive(body)
    assert first.function_error is None and first.init_duration_ms is not None
    assert env["pid"] != spare[2]
