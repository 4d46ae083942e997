"""One invocation per environment; more environments up to the concurrency limits."""

from __future__ import annotations

import asyncio
import json

import pytest

from cloudlet.runtime.errors import ConcurrencyLimitExceeded
from cloudlet.runtime.manager import RuntimeManager
from tests.runtime.conftest import Harness, invoke

SLOW = {"app.py": "import time, uuid\nENV = uuid.uuid4().hex\ndef handler(e, c):\n    time.sleep(e.get('sleep', 0))\n    return ENV\n"}


def test_concurrent_invokes_start_a_second_environment(harness: Harness) -> None:
    spec = harness.function(SLOW)

    async def body(m: RuntimeManager) -> tuple:
        results = await asyncio.gather(invoke(m, spec, b'{"sleep": 0.3}'), invoke(m, spec, b'{"sleep": 0.3}'))
        stats = m.stats()["functions"][spec.arn]
        again = await invoke(m, spec)
        return results, stats, again

    (first, second), stats, again = harness.drive(body)
    assert first.payload != second.payload
    assert first.init_duration_ms is not None and second.init_duration_ms is not None
    assert stats["warm"] == 2 and stats["busy"] == 0
    assert again.init_duration_ms is None
    assert again.payload in (first.payload, second.payload)


def test_reserved_concurrency_limit(harness: Harness) -> None:
    spec = harness.function(SLOW, reserved_concurrency=1)

    async def body(m: RuntimeManager) -> tuple:
        running = asyncio.ensure_future(invoke(m, spec, b'{"sleep": 0.5}'))
        await asyncio.sleep(0.2)
        with pytest.raises(ConcurrencyLimitExceeded) as err:
            await invoke(m, spec)
        first = await running
        after = await invoke(m, spec)  # the slot is free again
        return err.value.reason, first, after

    reason, first, after = harness.drive(body)
    assert reason == "ReservedFunctionConcurrentInvocationLimitExceeded"
    assert first.function_error is None and after.function_error is None


def test_reserved_concurrency_zero_throttles_everything(harness: Harness) -> None:
    spec = harness.function(SLOW, reserved_concurrency=0)

    async def body(m: RuntimeManager) -> str:
        with pytest.raises(ConcurrencyLimitExceeded) as err:
            await invoke(m, spec)
        return err.value.reason

    assert harness.drive(body) == "ReservedFunctionConcurrentInvocationLimitExceeded"


def test_account_concurrency_limit(harness: Harness) -> None:
    one = harness.function(SLOW, name="one")
    two = harness.function(SLOW, name="two")

    async def body(m: RuntimeManager) -> str:
        running = asyncio.ensure_future(invoke(m, one, b'{"sleep": 0.5}'))
        await asyncio.sleep(0.2)
        with pytest.raises(ConcurrencyLimitExceeded) as err:
            await invoke(m, two)
        await running
        return err.value.reason

    assert harness.drive(body, account_concurrency=1) == "ConcurrentInvocationLimitExceeded"


def test_many_concurrent_invokes(harness: Harness) -> None:
    spec = harness.function(SLOW)

    async def body(m: RuntimeManager) -> list:
        return list(await asyncio.gather(*(invoke(m, spec, b'{"sleep": 0.1}') for _ in range(6))))

    results = harness.drive(body)
    assert all(r.function_error is None for r in results)
    assert len({json.loads(r.payload) for r in results}) == 6
