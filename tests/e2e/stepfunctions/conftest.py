"""Helpers for the Step Functions executions tests: a client on the session server, and
running a definition to its end (EXPRESS through StartSyncExecution, or STANDARD with its
history)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from tests.conftest import make_client
from tests.server import RunningServer

ROLE = "arn:aws:iam::000000000000:role/sfn-role"


@pytest.fixture(scope="session")
def sfn(server: RunningServer) -> Any:
    # StartSyncExecution's endpoint is ``sync-<host>``: not a name on loopback.
    return make_client(server, "stepfunctions", inject_host_prefix=False)


def machine(sfn: Any, name: str, definition: dict[str, Any], kind: str = "STANDARD") -> str:
    arn: str = sfn.create_state_machine(name=name, definition=json.dumps(definition),
                                        roleArn=ROLE, type=kind)["stateMachineArn"]
    return arn


def run_sync(sfn: Any, name: str, definition: dict[str, Any], value: Any = None
             ) -> dict[str, Any]:
    """StartSyncExecution of ``definition`` on a new EXPRESS machine; its response, with
    ``output`` decoded."""
    arn = machine(sfn, name, definition, "EXPRESS")
    out: dict[str, Any] = sfn.start_sync_execution(stateMachineArn=arn,
                                                   input=json.dumps(value or {}))
    if "output" in out:
        out["output"] = json.loads(out["output"])
    return out


def finished(sfn: Any, execution_arn: str, timeout: float = 20) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        out: dict[str, Any] = sfn.describe_execution(executionArn=execution_arn)
        if out["status"] != "RUNNING":
            if "output" in out:
                out["output"] = json.loads(out["output"])
            return out
        if time.monotonic() > deadline:
            raise AssertionError(f"{execution_arn} still RUNNING after {timeout} s")
        time.sleep(0.02)


def history(sfn: Any, execution_arn: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    token: dict[str, str] = {}
    while True:
        page = sfn.get_execution_history(executionArn=execution_arn, maxResults=1000, **token)
        events.extend(page["events"])
        if not page.get("nextToken"):
            return events
        token = {"nextToken": page["nextToken"]}


def run_standard(sfn: Any, name: str, definition: dict[str, Any], value: Any = None,
                 timeout: float = 20) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Run ``definition`` on a new STANDARD machine to its end: (described, history)."""
    arn = machine(sfn, name, definition)
    started = sfn.start_execution(stateMachineArn=arn, input=json.dumps(value or {}))
    out = finished(sfn, started["executionArn"], timeout)
    return out, history(sfn, started["executionArn"])
