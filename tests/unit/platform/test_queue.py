"""cloudlet.queue: durable named queues with leases, FIFO groups and dedup."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from cloudlet.clock import ManualClock
from cloudlet.queue import Later, Message, Queues, consume


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(1_000_000.0)


@pytest.fixture
def queues(tmp_path: Path, clock: ManualClock) -> Queues:
    return Queues.open(tmp_path / "q.sqlite", clock)


def test_put_lease_ack(queues: Queues) -> None:
    put = queues.put("q", b"hello", target="t", attributes={"a": 1})
    [leased] = queues.lease("q", max_count=5, visibility_s=30)
    assert (leased.id, leased.payload, leased.target, leased.attributes) == (put.id, b"hello", "t", {"a": 1})
    assert leased.receives == 1 and leased.receipt
    assert queues.lease("q") == []  # hidden while leased
    assert queues.ack(leased.receipt)
    assert not queues.ack(leased.receipt)
    assert queues.counts("q") == (0, 0, 0)


def test_an_expired_lease_makes_the_message_due_again(queues: Queues, clock: ManualClock) -> None:
    queues.put("q", b"x")
    [first] = queues.lease("q", visibility_s=30)
    clock.advance(29)
    assert queues.lease("q") == []
    clock.advance(2)
    [again] = queues.lease("q", visibility_s=30)
    assert again.id == first.id and again.receives == 2 and again.receipt != first.receipt
    assert again.first_received == first.first_received
    assert not queues.ack(first.receipt or "")  # the old receipt is no longer current


def test_delay_and_release(queues: Queues, clock: ManualClock) -> None:
    queues.put("q", b"later", delay_s=10)
    assert queues.counts("q") == (0, 0, 1)
    assert queues.lease("q") == []
    clock.advance(10)
    [m] = queues.lease("q")
    assert queues.release(m.receipt or "", after_s=5, attributes={"attempts": 1})
    assert queues.counts("q") == (0, 0, 1)  # given up: it waits like a delayed message
    clock.advance(5)
    [m2] = queues.lease("q")
    assert m2.attributes == {"attempts": 1}


def test_survives_reopening(tmp_path: Path, clock: ManualClock) -> None:
    Queues.open(tmp_path / "d.sqlite", clock).put("q", b"kept")
    [m] = Queues.open(tmp_path / "d.sqlite", clock).lease("q")
    assert m.payload == b"kept"


def test_fifo_groups_keep_order_and_block_while_in_flight(queues: Queues) -> None:
    for i in range(3):
        queues.put("f", f"a{i}".encode(), group="A")
    queues.put("f", b"b0", group="B")
    leased = queues.lease("f", max_count=2, fifo=True)
    assert [m.payload for m in leased] == [b"a0", b"a1"]
    # Group A is blocked while a0/a1 are in flight; B is free.
    assert [m.payload for m in queues.lease("f", max_count=10, fifo=True)] == [b"b0"]
    assert queues.lease("f", max_count=10, fifo=True) == []
    for m in leased:
        queues.ack(m.receipt or "")
    assert [m.payload for m in queues.lease("f", max_count=10, fifo=True)] == [b"a2"]


def test_dedup_within_the_window(queues: Queues, clock: ManualClock) -> None:
    first = queues.put("f", b"1", dedup="d1", dedup_window_s=300)
    again = queues.put("f", b"2", dedup="d1", dedup_window_s=300)
    assert again.id == first.id and queues.counts("f") == (1, 0, 0)
    clock.advance(301)
    third = queues.put("f", b"3", dedup="d1", dedup_window_s=300)
    assert third.id != first.id and queues.counts("f") == (2, 0, 0)


def test_repeated_id_is_stored_once(queues: Queues) -> None:
    queues.put("q", b"a", id="same")
    queues.put("q", b"b", id="same")
    assert [m.payload for m in queues.lease("q", max_count=5)] == [b"a"]


def test_put_joins_the_callers_transaction(queues: Queues) -> None:
    conn = queues.conn
    conn.execute("BEGIN IMMEDIATE")
    queues.put("q", b"rolled back")
    conn.execute("ROLLBACK")
    assert queues.counts("q") == (0, 0, 0)


def test_consume_acks_retries_and_wakes_on_put(queues: Queues, clock: ManualClock) -> None:
    seen: list[tuple[bytes, int]] = []

    async def handle(message: Message) -> Later | None:
        seen.append((message.payload, message.receives))
        if message.payload == b"retry" and message.receives == 1:
            return Later(60)
        return None

    async def scenario() -> None:
        task = asyncio.create_task(consume(queues, "q", handle, idle_s=30))
        queues.put("q", b"ok")
        queues.put("q", b"retry")
        for _ in range(100):
            await asyncio.sleep(0.01)
            if len(seen) == 2:
                break
        assert queues.counts("q") == (0, 0, 1)  # "retry" waits its minute
        clock.advance(61)
        queues.notify("q")
        for _ in range(100):
            await asyncio.sleep(0.01)
            if len(seen) == 3:
                break
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(scenario())
    assert sorted(seen) == [(b"ok", 1), (b"retry", 1), (b"retry", 2)]
    assert queues.counts("q") == (0, 0, 0)


def test_wait_returns_when_a_message_arrives(queues: Queues) -> None:
    async def scenario() -> float:
        loop = asyncio.get_running_loop()
        began = loop.time()
        loop.call_later(0.05, lambda: queues.put("q", b"x"))
        await queues.wait("q", None)
        return loop.time() - began

    assert asyncio.run(scenario()) < 1.0


def test_a_released_retry_keeps_its_delay_across_a_restart(queues: Queues, clock: ManualClock) -> None:
    """release_all (a consumer starting again) frees what was leased, not what waits."""
    queues.put("q", b"retry later")
    queues.put("q", b"was running")
    first, second = queues.lease("q", max_count=2, visibility_s=900)
    queues.release(first.receipt or "", after_s=60)
    assert queues.counts("q") == (0, 1, 1)
    assert queues.release_all("q") == 1
    [again] = queues.lease("q", max_count=5)
    assert again.payload == b"was running"
    queues.ack(again.receipt or "")
    clock.advance(60)
    assert [m.payload for m in queues.lease("q", max_count=5)] == [b"retry later"]


def test_extend_keeps_the_message_in_flight(queues: Queues, clock: ManualClock) -> None:
    queues.put("q", b"x")
    [m] = queues.lease("q", visibility_s=5)
    assert queues.extend(m.receipt or "", after_s=100)
    assert queues.counts("q") == (0, 1, 0)
    clock.advance(99)
    assert queues.lease("q") == []
    clock.advance(2)
    assert len(queues.lease("q")) == 1


def test_consume_delivers_a_fifo_group_one_message_at_a_time(queues: Queues) -> None:
    order: list[bytes] = []
    active: dict[str, int] = {}
    overlap: list[str] = []

    async def handle(message: Message) -> Later | None:
        group = message.group or ""
        active[group] = active.get(group, 0) + 1
        if active[group] > 1:
            overlap.append(group)
        await asyncio.sleep(0.005)
        order.append(message.payload)
        active[group] -= 1
        return None

    async def scenario() -> None:
        for i in range(4):
            for g in "AB":
                queues.put("f", f"{g}{i}".encode(), group=g)
        task = asyncio.create_task(consume(queues, "f", handle, fifo=True, idle_s=0.01))
        for _ in range(300):
            await asyncio.sleep(0.01)
            if len(order) == 8:
                break
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(scenario())
    assert overlap == []
    assert [p for p in order if p.startswith(b"A")] == [b"A0", b"A1", b"A2", b"A3"]
    assert [p for p in order if p.startswith(b"B")] == [b"B0", b"B1", b"B2", b"B3"]
