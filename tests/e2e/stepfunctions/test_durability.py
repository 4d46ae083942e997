"""Executions survive SIGKILL: a server killed in the middle of a Wait, a Task or a Map
resumes every execution where it was, with its history intact, and runs no task again that
had reported success (a Map runs only its unfinished iterations)."""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.lambda_.conftest import recorder, records, shared_dir, wait_for
from tests.e2e.stepfunctions.conftest import finished, history, machine
from tests.server import RunningServer

__all__ = ["shared_dir"]  # the fixture, for the handler's record file


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def servers(data: Path) -> Iterator[list[RunningServer]]:
    """Servers on one data directory, started with a manual clock; all stopped at the end."""
    started: list[RunningServer] = []
    yield started
    for running in started:
        running.stop()


def _start(servers: list[RunningServer], data: Path) -> tuple[RunningServer, Any]:
    running = RunningServer(data, "--clock", "manual").start()
    servers.append(running)
    return running, make_client(running, "stepfunctions")


def _kill(running: RunningServer) -> None:
    running.stop(signal.SIGKILL)


def test_a_task_that_succeeded_is_not_run_again(servers: list[RunningServer], data: Path,
                                                shared_dir: Path) -> None:
    first, sfn = _start(servers, data)
    out = shared_dir / "calls.jsonl"
    recorder(make_client(first, "lambda"), "rec", out)
    arn = machine(sfn, "once", {"StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:rec",
                 "Next": "Sleep"},
        "Sleep": {"Type": "Wait", "Seconds": 86400, "Next": "Done"},
        "Done": {"Type": "Pass", "End": True}}})
    execution = sfn.start_execution(stateMachineArn=arn, input='{"n": 1}')["executionArn"]
    wait_for(lambda: "WaitStateEntered" in [e["type"] for e in history(sfn, execution)],
             what="the Wait state entered")
    _kill(first)
    second, sfn = _start(servers, data)
    assert sfn.describe_execution(executionArn=execution)["status"] == "RUNNING"
    second.advance_clock(86401)
    result = finished(sfn, execution)
    assert result["status"] == "SUCCEEDED" and result["output"] == {"seen": {"n": 1}}
    assert len(records(out)) == 1
    types = [e["type"] for e in history(sfn, execution)]
    assert types.count("LambdaFunctionSucceeded") == 1 and types.count("WaitStateEntered") == 1
    ids = [e["id"] for e in history(sfn, execution)]
    assert ids == list(range(1, len(ids) + 1))


def test_a_map_resumes_only_its_unfinished_iterations(servers: list[RunningServer],
                                                      data: Path) -> None:
    first, sfn = _start(servers, data)
    activity = sfn.create_activity(name="work")["activityArn"]
    arn = machine(sfn, "map", {"StartAt": "Each", "States": {"Each": {
        "Type": "Map", "End": True, "ItemProcessor": {"StartAt": "Prepare", "States": {
            "Prepare": {"Type": "Pass", "Parameters": {"item.$": "$"}, "Next": "Work"},
            "Work": {"Type": "Task", "Resource": activity, "End": True}}}}}})
    execution = sfn.start_execution(stateMachineArn=arn, input="[10, 20, 30]")["executionArn"]
    tasks = {}
    for _ in range(3):
        task = sfn.get_activity_task(activityArn=activity)
        tasks[json.loads(task["input"])["item"]] = task["taskToken"]
    sfn.send_task_success(taskToken=tasks[10], output='"ten"')
    sfn.send_task_success(taskToken=tasks[30], output='"thirty"')
    wait_for(lambda: [e["type"] for e in history(sfn, execution)].count(
        "MapIterationSucceeded") == 2, what="two iterations journaled")
    _kill(first)
    second, sfn = _start(servers, data)
    again = sfn.get_activity_task(activityArn=activity)  # only the unfinished iteration
    assert json.loads(again["input"]) == {"item": 20}
    sfn.send_task_success(taskToken=again["taskToken"], output='"twenty"')
    result = finished(sfn, execution)
    assert result["status"] == "SUCCEEDED"
    assert result["output"] == ["ten", "twenty", "thirty"]
    types = [e["type"] for e in history(sfn, execution)]
    assert types.count("MapStateStarted") == 1 and types.count("MapStateSucceeded") == 1
    assert types.count("MapIterationSucceeded") == 3
    assert types.count("ActivitySucceeded") == 3


def test_waits_inside_parallel_branches_resume(servers: list[RunningServer],
                                               data: Path) -> None:
    first, sfn = _start(servers, data)
    arn = machine(sfn, "par", {"StartAt": "Both", "States": {"Both": {
        "Type": "Parallel", "End": True, "Branches": [
            {"StartAt": "Short", "States": {"Short": {"Type": "Wait", "Seconds": 60,
                                                      "Next": "A"},
                                            "A": {"Type": "Pass", "Result": "a",
                                                  "End": True}}},
            {"StartAt": "Long", "States": {"Long": {"Type": "Wait", "Seconds": 3600,
                                                    "Next": "B"},
                                           "B": {"Type": "Pass", "Result": "b",
                                                 "End": True}}}]}}})
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    wait_for(lambda: [e["type"] for e in history(sfn, execution)].count(
        "WaitStateEntered") == 2, what="both Waits entered")
    first.advance_clock(61)
    wait_for(lambda: sfn.get_execution_history(executionArn=execution, reverseOrder=True,
                                               maxResults=1)["events"], what="history")
    _kill(first)
    second, sfn = _start(servers, data)
    second.advance_clock(3600)
    result = finished(sfn, execution)
    assert (result["status"], result["output"]) == ("SUCCEEDED", ["a", "b"])
    types = [e["type"] for e in history(sfn, execution)]
    assert types.count("WaitStateEntered") == 2
    assert types.count("ParallelStateStarted") == 1


def test_closed_executions_are_kept_90_days(servers: list[RunningServer], data: Path) -> None:
    first, sfn = _start(servers, data)
    arn = machine(sfn, "old", {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    assert finished(sfn, execution)["status"] == "SUCCEEDED"
    first.advance_clock(89 * 86400)
    assert sfn.describe_execution(executionArn=execution)["status"] == "SUCCEEDED"
    first.advance_clock(2 * 86400)  # the daily sweep forgets it
    wait_for(lambda: not sfn.list_executions(stateMachineArn=arn)["executions"],
             what="the execution forgotten")
    with pytest.raises(ClientError) as exc:
        sfn.describe_execution(executionArn=execution)
    assert exc.value.response["Error"]["Code"] == "ExecutionDoesNotExist"


def test_a_task_waiting_on_its_token_keeps_it(servers: list[RunningServer], data: Path) -> None:
    first, sfn = _start(servers, data)
    sqs = make_client(first, "sqs")
    url = sqs.create_queue(QueueName="asks")["QueueUrl"]
    arn = machine(sfn, "ask", {"StartAt": "Ask", "States": {"Ask": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": url, "MessageBody": {"token.$": "$$.Task.Token"}},
        "End": True}}})
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    message = wait_for(lambda: sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0)
                       .get("Messages"), what="the task's message")[0]
    sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    _kill(first)
    second, sfn = _start(servers, data)
    sqs = make_client(second, "sqs")
    token = json.loads(message["Body"])["token"]
    wait_for(lambda: _accepts(sfn, token), what="the token accepted after the restart")
    assert finished(sfn, execution)["output"] == {"answer": 1}
    assert not sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0).get("Messages")
    types = [e["type"] for e in history(sfn, execution)]
    assert types.count("TaskScheduled") == 1 and types.count("TaskSucceeded") == 1


def _accepts(sfn: Any, token: str) -> bool:
    try:
        sfn.send_task_success(taskToken=token, output='{"answer": 1}')
    except ClientError as err:
        if err.response["Error"]["Code"] == "TaskDoesNotExist":
            return False
        raise
    return True
