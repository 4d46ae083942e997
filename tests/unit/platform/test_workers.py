"""cloudlet.workers: supervised background loops."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from cloudlet.config import Config
from cloudlet.server.state import ServerState
from cloudlet.workers import WorkerSpec, start_order


async def _noop(state: Any) -> None:
    return None


def test_start_order_follows_after_names_and_prefixes() -> None:
    specs = [WorkerSpec("b", _noop, ("a",)), WorkerSpec("c", _noop, ("x",)),
             WorkerSpec("x.1", _noop), WorkerSpec("a", _noop)]
    names = [s.name for s in start_order(specs)]
    assert names.index("a") < names.index("b")
    assert names.index("x.1") < names.index("c")


def test_a_cycle_is_refused() -> None:
    with pytest.raises(ValueError, match="depend on each other"):
        start_order([WorkerSpec("a", _noop, ("b",)), WorkerSpec("b", _noop, ("a",))])


def test_a_crashing_worker_restarts_and_shows_in_health(tmp_path: Any) -> None:
    state = ServerState(Config(data_dir=tmp_path), {})
    runs: list[int] = []

    async def flaky(state: ServerState) -> None:
        runs.append(1)
        if len(runs) < 3:
            raise RuntimeError("boom")
        await asyncio.sleep(3600)

    async def scenario() -> dict[str, Any]:
        state.workers.start("flaky", flaky)
        for _ in range(200):
            await asyncio.sleep(0.01)
            if len(runs) >= 3:
                break
        health = state.workers.health()
        await state.workers.stop_all()
        return health

    health = asyncio.run(scenario())
    assert len(runs) == 3
    assert health["flaky"]["state"] == "running"
    assert health["flaky"]["restarts"] == 2
    assert "boom" in health["flaky"]["last_error"]
    assert state.workers.names() == []


def test_a_finished_worker_leaves(tmp_path: Any) -> None:
    state = ServerState(Config(data_dir=tmp_path), {})

    async def scenario() -> list[str]:
        state.workers.start("once", _noop, group="g")
        await asyncio.sleep(0.01)
        return state.workers.names("g")

    assert asyncio.run(scenario()) == []
