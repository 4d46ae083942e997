"""The dependency scheduler on its own (no server): order, parallelism, failure."""

from __future__ import annotations

import asyncio

from cloudlet.cloudformation.scheduler import run_ordered


def test_order_parallelism_and_cancellation() -> None:
    log: list[str] = []
    running: set[str] = set()
    overlap: list[int] = []

    async def step(node: str) -> None:
        log.append(f"start {node}")
        running.add(node)
        overlap.append(len(running))
        try:
            if node == "bad":
                raise RuntimeError("boom")
            await asyncio.sleep(0.05 if node != "slow" else 5)
        finally:
            running.discard(node)
        log.append(f"end {node}")

    deps = {"b": ["a"], "c": ["a"], "d": ["b", "c"]}
    result = asyncio.run(run_ordered(["a", "b", "c", "d"], deps, step))
    assert result.ok
    assert log.index("end a") < log.index("start b") and log.index("end a") < log.index("start c")
    assert log.index("end b") < log.index("start d") and log.index("end c") < log.index("start d")
    assert max(overlap) == 2  # b and c at the same time

    log.clear()
    deps = {"bad": ["a"], "after": ["bad"]}
    result = asyncio.run(run_ordered(["a", "bad", "slow", "after"], deps, step))
    assert list(result.failed) == ["bad"]
    assert result.cancelled == ["slow"]
    assert result.skipped == ["after"]

    log.clear()
    deleted = asyncio.run(run_ordered(["a", "b"], {"b": ["a"]}, step, reverse=True))
    assert deleted.ok and log.index("end b") < log.index("start a")
