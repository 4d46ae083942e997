"""Fixtures for the Kinesis tests: a client, streams made (and removed) per test, and a
server on a manual clock for the tests that move time."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.server import RunningServer, serving

_numbers = itertools.count()
FAST_WAIT = {"Delay": 0.05, "MaxAttempts": 100}


@pytest.fixture(scope="session")
def kinesis(server: RunningServer) -> Any:
    return make_client(server, "kinesis")


def wait_active(client: Any, name: str) -> None:
    client.get_waiter("stream_exists").wait(StreamName=name, WaiterConfig=FAST_WAIT)


def stream_factory(client: Any, prefix: str) -> Iterator[Callable[..., str]]:
    made: list[str] = []

    def make(shards: int | None = 1, *, wait: bool = True, **kwargs: Any) -> str:
        name = f"{prefix}-{next(_numbers)}"
        if shards is not None:
            kwargs["ShardCount"] = shards
        client.create_stream(StreamName=name, **kwargs)
        made.append(name)
        if wait:
            wait_active(client, name)
        return name

    yield make
    for name in made:
        with contextlib.suppress(ClientError):
            client.delete_stream(StreamName=name, EnforceConsumerDeletion=True)


@pytest.fixture
def new_stream(kinesis: Any, unique_name: str) -> Iterator[Callable[..., str]]:
    """``new_stream(shards=1, **CreateStream members)``: an ACTIVE stream's name."""
    yield from stream_factory(kinesis, unique_name)


@pytest.fixture(scope="module")
def manual_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    yield from serving(tmp_path_factory, "kinesis-manual", "--clock", "manual")


@pytest.fixture(scope="module")
def manual_kinesis(manual_server: RunningServer) -> Any:
    return make_client(manual_server, "kinesis")


@pytest.fixture
def manual_stream(manual_kinesis: Any, unique_name: str) -> Iterator[Callable[..., str]]:
    yield from stream_factory(manual_kinesis, unique_name)


def shard_ids(client: Any, name: str) -> list[str]:
    return [s["ShardId"] for s in client.list_shards(StreamName=name)["Shards"]]


def read_shard(client: Any, name: str, shard_id: str, kind: str = "TRIM_HORIZON",
               **kwargs: Any) -> list[dict[str, Any]]:
    iterator = client.get_shard_iterator(StreamName=name, ShardId=shard_id,
                                         ShardIteratorType=kind, **kwargs)["ShardIterator"]
    return client.get_records(ShardIterator=iterator)["Records"]  # type: ignore[no-any-return]


def error_of(err: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    response = err.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]
