"""Fixtures for the EventBridge tests: clients, fresh buses and rules, a recording function."""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.lambda_.conftest import ROLE, python_zip, records, shared_dir, wait_for
from tests.server import RunningServer

RECORDER = """
    import json, os

    def handler(event, context):
        with open(os.environ["OUT"], "a") as f:
            f.write(json.dumps(event) + "\\n")
        return {}
"""


@pytest.fixture(scope="session")
def events(server: RunningServer) -> Any:
    return make_client(server, "events")


@pytest.fixture
def rule_name() -> str:
    return "r" + uuid.uuid4().hex[:12]


@pytest.fixture
def bus(events: Any) -> Iterator[str]:
    """A fresh custom event bus, deleted after the test (with its rules)."""
    name = "b" + uuid.uuid4().hex[:12]
    events.create_event_bus(Name=name)
    yield name
    with contextlib.suppress(Exception):
        events.delete_event_bus(Name=name)


def error(err: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    """The error code and HTTP status a call failed with."""
    resp = err.value.response
    return resp["Error"]["Code"], resp["ResponseMetadata"]["HTTPStatusCode"]


def make_recorder(lambda_client: Any, name: str, out: Path) -> str:
    """A function that appends each event it gets to ``out``; its ARN."""
    resp = lambda_client.create_function(
        FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
        Code={"ZipFile": python_zip(RECORDER)}, Timeout=10,
        Environment={"Variables": {"OUT": str(out)}})
    function_ready(lambda_client, name)
    return str(resp["FunctionArn"])


Recorder = Callable[[], tuple[str, Path]]


@pytest.fixture
def recorder(lambda_client: Any, shared_dir: Path) -> Iterator[Recorder]:
    """Make recording functions: each call answers (function ARN, file it writes)."""
    made: list[str] = []

    def make() -> tuple[str, Path]:
        name = "f" + uuid.uuid4().hex[:12]
        out = shared_dir / f"{name}.jsonl"
        arn = make_recorder(lambda_client, name, out)
        made.append(name)
        return arn, out

    yield make
    for name in made:
        with contextlib.suppress(Exception):
            lambda_client.delete_function(FunctionName=name)


def received(out: Path, count: int = 1, timeout: float = 20.0) -> list[Any]:
    """The first ``count`` events a recorder wrote (waits for them)."""
    wait_for(lambda: len(records(out)) >= count, timeout)
    return records(out)


def entry(detail: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
    """A PutEvents entry (source ``app.orders`` unless told)."""
    return {"Source": "app.orders", "DetailType": "OrderPlaced",
            "Detail": json.dumps(detail if detail is not None else {"id": 1}), **kwargs}


def rule_to(events: Any, name: str, arn: str, pattern: dict[str, Any] | None = None,
            **target: Any) -> None:
    """A rule matching ``pattern`` (source app.orders) with one target ``arn``."""
    bus = target.pop("EventBusName", "default")
    events.put_rule(Name=name, EventBusName=bus,
                    EventPattern=json.dumps(pattern or {"source": ["app.orders"]}))
    out = events.put_targets(Rule=name, EventBusName=bus,
                             Targets=[{"Id": "t1", "Arn": arn, **target}])
    assert out["FailedEntryCount"] == 0, out


__all__ = ["entry", "error", "make_recorder", "received", "rule_to", "shared_dir"]
