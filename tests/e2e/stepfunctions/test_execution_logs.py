"""Executions log their history to CloudWatch Logs as the machine's LoggingConfiguration
asks (level, includeExecutionData), one JSON record per event."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import make_client
from tests.e2e.lambda_.conftest import wait_for
from tests.e2e.stepfunctions.conftest import ROLE
from tests.server import RunningServer

CHAIN = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"secret": 1},
                                          "Next": "B"},
                                    "B": {"Type": "Fail", "Error": "Boom", "Cause": "c"}}}


def _records(logs: Any, group: str) -> list[dict[str, Any]]:
    events = logs.filter_log_events(logGroupName=group)["events"]
    return [json.loads(e["message"]) for e in events]


def _machine(sfn: Any, name: str, group_arn: str, level: str, data: bool) -> str:
    arn: str = sfn.create_state_machine(
        name=name, definition=json.dumps(CHAIN), roleArn=ROLE, type="EXPRESS",
        loggingConfiguration={"level": level, "includeExecutionData": data, "destinations": [
            {"cloudWatchLogsLogGroup": {"logGroupArn": group_arn}}]})["stateMachineArn"]
    return arn


def test_level_all_logs_every_event(sfn: Any, server: RunningServer, unique_name: str) -> None:
    logs = make_client(server, "logs")
    group = f"/aws/vendedlogs/states/{unique_name}"
    logs.create_log_group(logGroupName=group)
    arn = f"arn:aws:logs:us-east-1:000000000000:log-group:{group}:*"
    machine = _machine(sfn, unique_name, arn, "ALL", True)
    out = sfn.start_sync_execution(stateMachineArn=machine, input='{"x": 1}')
    records = wait_for(lambda: _records(logs, group), what="log records")
    assert [r["type"] for r in records] == [
        "ExecutionStarted", "PassStateEntered", "PassStateExited", "FailStateEntered",
        "ExecutionFailed"]
    assert {r["execution_arn"] for r in records} == {out["executionArn"]}
    assert [r["id"] for r in records] == ["1", "2", "3", "4", "5"]
    assert records[1]["previous_event_id"] == "1"
    assert json.loads(records[0]["details"]["input"]) == {"x": 1}
    assert records[-1]["details"] == {"error": "Boom", "cause": "c"}


def test_level_error_without_data(sfn: Any, server: RunningServer, unique_name: str) -> None:
    logs = make_client(server, "logs")
    group = f"/states/{unique_name}"
    logs.create_log_group(logGroupName=group)
    arn = f"arn:aws:logs:us-east-1:000000000000:log-group:{group}:*"
    machine = _machine(sfn, unique_name, arn, "ERROR", False)
    sfn.start_sync_execution(stateMachineArn=machine, input='{"x": 1}')
    records = wait_for(lambda: _records(logs, group), what="log records")
    assert [r["type"] for r in records] == ["ExecutionFailed"]
    streams = logs.describe_log_streams(logGroupName=group)["logStreams"]
    assert streams[0]["logStreamName"].startswith(f"states/{unique_name}/")
    off = sfn.create_state_machine(name=unique_name + "-off", definition=json.dumps(CHAIN),
                                   roleArn=ROLE, type="EXPRESS")["stateMachineArn"]
    sfn.start_sync_execution(stateMachineArn=off)
    assert len(logs.describe_log_streams(logGroupName=group)["logStreams"]) == 1
