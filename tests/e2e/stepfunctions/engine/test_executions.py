"""Executions through the API on a real server: StartExecution of a Pass chain,
DescribeExecution, GetExecutionHistory, name idempotency, StopExecution, and a Wait that
survives SIGKILL (manual clock)."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.server import RunningServer

ROLE = "arn:aws:iam::000000000000:role/sfn-role"
CHAIN = json.dumps({"StartAt": "A", "States": {
    "A": {"Type": "Pass", "Result": {"n": 1}, "Next": "B"},
    "B": {"Type": "Pass", "End": True}}})
WAIT = json.dumps({"StartAt": "W", "States": {
    "W": {"Type": "Wait", "Seconds": 3600, "Next": "Z"},
    "Z": {"Type": "Pass", "End": True}}})


def _done(sfn: Any, arn: str, timeout: float = 10) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        out: dict[str, Any] = sfn.describe_execution(executionArn=arn)
        if out["status"] != "RUNNING" or time.monotonic() > deadline:
            return out
        time.sleep(0.02)


def test_pass_chain_runs_with_history(server: RunningServer, unique_name: str) -> None:
    sfn = make_client(server, "stepfunctions")
    machine = sfn.create_state_machine(name=unique_name, definition=CHAIN,
                                       roleArn=ROLE)["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=machine, name="one", input="{}")["executionArn"]
    out = _done(sfn, arn)
    assert out["status"] == "SUCCEEDED" and json.loads(out["output"]) == {"n": 1}
    events = sfn.get_execution_history(executionArn=arn)["events"]
    assert [e["type"] for e in events] == [
        "ExecutionStarted", "PassStateEntered", "PassStateExited", "PassStateEntered",
        "PassStateExited", "ExecutionSucceeded"]
    assert [e["id"] for e in events] == [1, 2, 3, 4, 5, 6]
    assert events[1]["previousEventId"] == 1
    with pytest.raises(ClientError) as exc:
        sfn.start_execution(stateMachineArn=machine, name="one", input='{"x": 1}')
    assert exc.value.response["Error"]["Code"] == "ExecutionAlreadyExists"
    listed = sfn.list_executions(stateMachineArn=machine)["executions"]
    assert [e["executionArn"] for e in listed] == [arn]


def test_stop_aborts(server: RunningServer, unique_name: str) -> None:
    sfn = make_client(server, "stepfunctions")
    machine = sfn.create_state_machine(name=unique_name, definition=WAIT,
                                       roleArn=ROLE)["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=machine, name="w", input="{}")["executionArn"]
    again = sfn.start_execution(stateMachineArn=machine, name="w", input="{}")
    assert again["executionArn"] == arn  # the same name and input while it runs: the same one
    sfn.stop_execution(executionArn=arn, error="E", cause="c")
    out = sfn.describe_execution(executionArn=arn)
    assert (out["status"], out["error"]) == ("ABORTED", "E")
    types = [e["type"] for e in sfn.get_execution_history(executionArn=arn)["events"]]
    assert types[-1] == "ExecutionAborted"


def test_a_wait_survives_sigkill(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = RunningServer(data, "--clock", "manual").start()
    sfn = make_client(first, "stepfunctions")
    machine = sfn.create_state_machine(name="w", definition=WAIT,
                                       roleArn=ROLE)["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=machine, input='{"k": 1}')["executionArn"]
    time.sleep(0.3)
    first.stop(signal.SIGKILL)
    second = RunningServer(data, "--clock", "manual").start()
    try:
        sfn = make_client(second, "stepfunctions")
        assert sfn.describe_execution(executionArn=arn)["status"] == "RUNNING"
        second.advance_clock(3601)
        out = _done(sfn, arn)
        assert out["status"] == "SUCCEEDED" and json.loads(out["output"]) == {"k": 1}
        types = [e["type"] for e in sfn.get_execution_history(executionArn=arn)["events"]]
        assert types.count("WaitStateEntered") == 1
    finally:
        second.stop()
