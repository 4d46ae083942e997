"""The eager start of ``server.http_protocol``: a coroutine run to its first wait, then
resumed as a task would run it (results, exceptions, cancellation), and writes gathered."""

import asyncio
from typing import Any

import pytest

from cloudlet.server.http_protocol import (
    LONELY_TURNS,
    MAX_HELD,
    WATCH_EVERY,
    _Gathering,
    _resume,
    _Turns,
)


def _start(coro: Any) -> Any:
    """Run ``coro`` to its first wait, as the protocol does; what it yielded."""
    return coro.send(None)


async def _waits_for(future: asyncio.Future[int], seen: list[Any]) -> None:
    try:
        seen.append(await future)
        await asyncio.sleep(0)  # a bare yield
        seen.append(await asyncio.sleep(0.01, result="slept"))
    except BaseException as exc:
        seen.append(type(exc).__name__)
        raise


def test_a_resumed_coroutine_reads_the_results_it_waits_for() -> None:
    async def main() -> list[Any]:
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        seen: list[Any] = []
        coro = _waits_for(future, seen)
        task = asyncio.ensure_future(_resume(coro, _start(coro)))
        future.set_result(7)
        await task
        return seen

    assert asyncio.run(main()) == [7, "slept"]


def test_a_failed_future_raises_where_the_coroutine_waits() -> None:
    async def main() -> list[Any]:
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        seen: list[Any] = []
        coro = _waits_for(future, seen)
        task = asyncio.ensure_future(_resume(coro, _start(coro)))
        future.set_exception(KeyError("x"))
        with pytest.raises(KeyError):
            await task
        return seen

    assert asyncio.run(main()) == ["KeyError"]


def test_cancelling_the_task_cancels_the_coroutine() -> None:
    async def main() -> list[Any]:
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        seen: list[Any] = []
        coro = _waits_for(future, seen)
        task = asyncio.ensure_future(_resume(coro, _start(coro)))
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return seen

    assert asyncio.run(main()) == ["CancelledError"]


def test_a_cancellation_after_the_future_finished_is_not_lost() -> None:
    async def main() -> list[Any]:
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        seen: list[Any] = []
        coro = _waits_for(future, seen)
        task = asyncio.ensure_future(_resume(coro, _start(coro)))
        await asyncio.sleep(0)
        future.set_result(1)
        task.cancel()  # the future is done: the task must still be cancelled
        with pytest.raises(asyncio.CancelledError):
            await task
        return seen

    assert asyncio.run(main()) == ["CancelledError"]


class _Transport:
    def __init__(self) -> None:
        self.writes: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def is_closing(self) -> bool:
        return False


def test_writes_are_gathered_into_one_until_flushed() -> None:
    transport = _Transport()
    gathering = _Gathering(transport)  # type: ignore[arg-type]
    gathering.holding = True
    gathering.write(b"head\r\n\r\n")
    gathering.write(b"body")
    assert transport.writes == []
    gathering.flush()
    gathering.write(b"more")
    assert transport.writes == [b"head\r\n\r\nbody", b"more"]


def test_anything_but_a_write_flushes_first() -> None:
    transport = _Transport()
    gathering = _Gathering(transport)  # type: ignore[arg-type]
    gathering.holding = True
    gathering.write(b"head")
    assert gathering.is_closing() is False
    assert transport.writes == [b"head"]


def test_a_large_body_is_not_held_back() -> None:
    transport = _Transport()
    gathering = _Gathering(transport)  # type: ignore[arg-type]
    gathering.holding = True
    gathering.write(b"head")
    gathering.write(b"x" * (MAX_HELD + 1))
    gathering.write(b"rest")
    assert transport.writes == [b"head" + b"x" * (MAX_HELD + 1), b"rest"]


def _answer(transport: _Transport, data: bytes) -> _Gathering:
    gathering = _Gathering(transport)  # type: ignore[arg-type]
    gathering.holding = True
    gathering.write(data)
    return gathering


def test_answers_wait_for_the_end_of_the_turn_until_turns_answer_one_each() -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        turns, transport = _Turns(), _Transport()
        for turn in range(LONELY_TURNS):
            turns.add(_answer(transport, b"%d" % turn), loop)
            assert transport.writes == [b"%d" % t for t in range(turn)]  # held
            await asyncio.sleep(0)
        assert not turns.holding
        turns.add(_answer(transport, b"now"), loop)
        assert transport.writes[-1] == b"now"  # written at once

    asyncio.run(main())


def test_a_watched_turn_with_two_answers_holds_again() -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        turns, transport = _Turns(), _Transport()
        turns.holding = False
        for i in range(WATCH_EVERY - 1):
            turns.add(_answer(transport, b"%d" % i), loop)
        assert len(transport.writes) == WATCH_EVERY - 1
        turns.add(_answer(transport, b"a"), loop)  # the watched one
        turns.add(_answer(transport, b"b"), loop)  # joins the watched turn
        assert transport.writes[-1] == b"%d" % (WATCH_EVERY - 2)
        await asyncio.sleep(0)
        assert transport.writes[-2:] == [b"a", b"b"]
        assert turns.holding

    asyncio.run(main())
