"""Fixtures for the event source mapping tests: a handler that records every batch it
gets (and fails as told), stream tables, and the mappings' clean-up."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.dynamodb.support import create_table
from tests.e2e.lambda_.conftest import (  # noqa: F401 (fixtures)
    ROLE,
    create_function,
    python_zip,
    records,
    shared_dir,
    wait_for,
)
from tests.server import RunningServer

# Writes each event to $OUT (one JSON line), then sleeps $SLEEP seconds. MODE: "fail"
# raises always; "poison" raises when the batch holds a record mentioning "poison";
# "report" answers batchItemFailures naming those records (SQS: only on their first
# receive).
BATCH_HANDLER = """
    import json, os, time

    def ident(record):
        return record["messageId"] if "messageId" in record else (
            record.get("kinesis", {}).get("sequenceNumber") or record["dynamodb"]["SequenceNumber"])

    def handler(event, context):
        batch = event.get("Records", [])
        with open(os.environ["OUT"], "a") as f:
            f.write(json.dumps(event) + "\\n")
        time.sleep(float(os.environ.get("SLEEP", "0")))
        mode = os.environ.get("MODE", "")
        poison = [r for r in batch if "poison" in json.dumps(r)
                  and r.get("attributes", {}).get("ApproximateReceiveCount", "1") == "1"]
        if mode == "fail" or (mode == "poison" and poison):
            raise RuntimeError("failing on purpose")
        if mode == "report":
            return {"batchItemFailures": [{"itemIdentifier": ident(r)} for r in poison]}
        return {"processed": len(batch)}
"""

BatchFn = Callable[..., tuple[str, Path]]


@pytest.fixture
def batch_function(create_function: Callable[..., str],  # noqa: F811
                   shared_dir: Path) -> BatchFn:  # noqa: F811
    """Create a BATCH_HANDLER function; answer its name and the file of its events."""
    count = [0]

    def make(mode: str = "", **kwargs: Any) -> tuple[str, Path]:
        count[0] += 1
        out = shared_dir / f"events-{count[0]}.jsonl"
        name = create_function(BATCH_HANDLER, Timeout=10,
                               Environment={"Variables": {"OUT": str(out), "MODE": mode}},
                               **kwargs)
        return name, out

    return make


def batches(out: Path) -> list[list[dict[str, Any]]]:
    """The Records of every invocation, in order."""
    return [r["Records"] for r in records(out)]


@pytest.fixture
def stream_table(ddb: Any) -> Callable[..., tuple[str, str]]:
    """A table (pk S) with a NEW_AND_OLD_IMAGES stream: (name, stream ARN)."""
    made: list[str] = []

    def make() -> tuple[str, str]:
        name = create_table(ddb, StreamSpecification={"StreamEnabled": True,
                                                       "StreamViewType": "NEW_AND_OLD_IMAGES"})
        made.append(name)
        return name, ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]

    return make


@pytest.fixture
def esm(lambda_client: Any) -> Iterator[Callable[..., dict[str, Any]]]:
    """Create event source mappings, deleted after the test."""
    created: list[str] = []

    def create(**kwargs: Any) -> dict[str, Any]:
        out: dict[str, Any] = lambda_client.create_event_source_mapping(**kwargs)
        created.append(out["UUID"])
        return out

    yield create
    for uuid in created:
        with contextlib.suppress(lambda_client.exceptions.ResourceNotFoundException):
            lambda_client.delete_event_source_mapping(UUID=uuid)


def stream_to_function(server: RunningServer, function: str, out: Path,
                       variables: dict[str, str] | None = None,
                       **kwargs: Any) -> tuple[Any, Any, str, str]:
    """On a server of the test's own: a table with a NEW_IMAGE stream and a BATCH_HANDLER
    function writing to ``out``; (dynamodb client, lambda client, table, stream ARN)."""
    ddb, lam = make_client(server, "dynamodb"), make_client(server, "lambda")
    table = create_table(ddb, StreamSpecification={"StreamEnabled": True,
                                                   "StreamViewType": "NEW_IMAGE"})
    stream = ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    lam.create_function(FunctionName=function, Runtime="python3.12", Role=ROLE,
                        Handler="app.handler", Code={"ZipFile": python_zip(BATCH_HANDLER)},
                        Environment={"Variables": {"OUT": str(out), **(variables or {})}},
                        **kwargs)
    function_ready(lam, function)
    return ddb, lam, table, stream


def put(ddb: Any, table: str, pk: str, **attrs: str) -> None:
    item = {"pk": {"S": pk}, **{k: {"S": v} for k, v in attrs.items()}}
    ddb.put_item(TableName=table, Item=item)


def keys(batch: list[dict[str, Any]]) -> list[str]:
    return [r["dynamodb"]["Keys"]["pk"]["S"] for r in batch]


def most_at_once(spans: list[dict[str, Any]]) -> int:
    """The most invocations running at once, from their start and end times."""
    edges = sorted([(s["start"], 1) for s in spans] + [(s["end"], -1) for s in spans])
    running = peak = 0
    for _, step in edges:
        running += step
        peak = max(peak, running)
    return peak


@pytest.fixture(scope="session")
def sqs(server: RunningServer) -> Any:
    return make_client(server, "sqs")
