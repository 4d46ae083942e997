"""Task states that call the services cloudlet serves, on a real server: DynamoDB, SQS
(``.waitForTaskToken``), SNS, EventBridge, nested executions (``.sync``, ``.sync:2``),
``aws-sdk:*``, activities with their workers, task tokens and heartbeats."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.stepfunctions.conftest import finished, history, machine, run_standard, run_sync
from tests.server import RunningServer

STATES = "arn:aws:states:::"


@pytest.fixture(scope="module")
def table(server: RunningServer) -> str:
    ddb = make_client(server, "dynamodb")
    ddb.create_table(TableName="sfn-items", BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
    return "sfn-items"


def test_dynamodb_put_then_get(sfn: Any, table: str, unique_name: str) -> None:
    out = run_sync(sfn, unique_name, {"StartAt": "Put", "States": {
        "Put": {"Type": "Task", "Resource": f"{STATES}dynamodb:putItem", "Next": "Get",
                "Parameters": {"TableName": table, "Item": {"id": {"S.$": "$.id"},
                                                            "n": {"N": "7"}}},
                "ResultPath": None},
        "Get": {"Type": "Task", "Resource": f"{STATES}dynamodb:getItem", "End": True,
                "Parameters": {"TableName": table, "Key": {"id": {"S.$": "$.id"}}},
                "ResultSelector": {"n.$": "$.Item.n.N"}}}}, {"id": unique_name})
    assert out["status"] == "SUCCEEDED", out
    assert out["output"] == {"n": "7"}


def test_dynamodb_errors_are_named_for_the_service(sfn: Any, unique_name: str) -> None:
    out = run_sync(sfn, unique_name, {"StartAt": "Get", "States": {
        "Get": {"Type": "Task", "Resource": f"{STATES}dynamodb:getItem", "End": True,
                "Parameters": {"TableName": "no-such-table", "Key": {"id": {"S": "x"}}}}}})
    assert (out["status"], out["error"]) == ("FAILED", "DynamoDB.ResourceNotFoundException")


def test_aws_sdk_calls_use_pascal_case(sfn: Any, table: str, unique_name: str) -> None:
    out = run_sync(sfn, unique_name, {"StartAt": "Describe", "States": {
        "Describe": {"Type": "Task", "Resource": f"{STATES}aws-sdk:dynamodb:describeTable",
                     "Parameters": {"TableName": table}, "Next": "List",
                     "ResultSelector": {"name.$": "$.Table.TableName"}, "ResultPath": "$.t"},
        "List": {"Type": "Task", "Resource": f"{STATES}aws-sdk:sfn:listStateMachines",
                 "Parameters": {}, "ResultSelector": {"count.$": "States.ArrayLength($.StateMachines)"},
                 "ResultPath": "$.l", "End": True}}})
    assert out["status"] == "SUCCEEDED", out
    assert out["output"]["t"] == {"name": table}
    assert out["output"]["l"]["count"] >= 1


def test_aws_sdk_errors_and_unserved_services(sfn: Any, unique_name: str) -> None:
    out = run_sync(sfn, unique_name, {"StartAt": "Get", "States": {
        "Get": {"Type": "Task", "Resource": f"{STATES}aws-sdk:dynamodb:getItem", "End": True,
                "Parameters": {"TableName": "nope", "Key": {"id": {"S": "x"}}}}}})
    assert out["error"] == "DynamoDb.ResourceNotFoundException"
    out = run_sync(sfn, unique_name + "b", {"StartAt": "X", "States": {
        "X": {"Type": "Task", "Resource": f"{STATES}aws-sdk:redshift:describeClusters",
              "Parameters": {}, "End": True}}})
    assert out["error"] == "States.Runtime" and "not supported" in out["cause"]


def test_sns_publish_and_eventbridge_put_events(sfn: Any, server: RunningServer,
                                                unique_name: str) -> None:
    sns = make_client(server, "sns")
    topic = sns.create_topic(Name=unique_name)["TopicArn"]
    out = run_sync(sfn, unique_name, {"StartAt": "Publish", "States": {
        "Publish": {"Type": "Task", "Resource": f"{STATES}sns:publish", "Next": "Put",
                    "Parameters": {"TopicArn": topic, "Message.$": "$.text"},
                    "ResultPath": "$.published"},
        "Put": {"Type": "Task", "Resource": f"{STATES}events:putEvents", "End": True,
                "Parameters": {"Entries": [{"Source": "sfn.test", "DetailType": "t",
                                            "Detail": {"x.$": "$.text"}}]},
                "ResultPath": "$.put"}}}, {"text": "hello"})
    assert out["status"] == "SUCCEEDED", out
    assert out["output"]["published"]["MessageId"]
    assert out["output"]["put"]["FailedEntryCount"] == 0
    assert out["output"]["put"]["Entries"][0]["EventId"]


def _receive(sqs: Any, url: str) -> dict[str, Any]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        got = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages")
        if got:
            body: dict[str, Any] = json.loads(got[0]["Body"])
            return body
    raise AssertionError("no message")


def test_sqs_wait_for_task_token_succeeds_and_fails(sfn: Any, server: RunningServer,
                                                    unique_name: str) -> None:
    sqs = make_client(server, "sqs")
    url = sqs.create_queue(QueueName=unique_name)["QueueUrl"]
    arn = machine(sfn, unique_name, {"StartAt": "Ask", "States": {
        "Ask": {"Type": "Task", "Resource": f"{STATES}sqs:sendMessage.waitForTaskToken",
                "Parameters": {"QueueUrl": url, "MessageBody": {
                    "token.$": "$$.Task.Token", "question.$": "$.q"}},
                "Catch": [{"ErrorEquals": ["Rejected"], "Next": "No"}], "End": True},
        "No": {"Type": "Pass", "Result": "rejected", "End": True}}})
    first = sfn.start_execution(stateMachineArn=arn, input='{"q": "one"}')["executionArn"]
    body = _receive(sqs, url)
    assert body["question"] == "one"
    sfn.send_task_heartbeat(taskToken=body["token"])
    sfn.send_task_success(taskToken=body["token"], output='{"answer": 42}')
    assert finished(sfn, first)["output"] == {"answer": 42}
    with pytest.raises(ClientError) as exc:  # reported once: the token is spent
        sfn.send_task_success(taskToken=body["token"], output="{}")
    assert exc.value.response["Error"]["Code"] == "TaskDoesNotExist"
    second = sfn.start_execution(stateMachineArn=arn, input='{"q": "two"}')["executionArn"]
    body = _receive(sqs, url)
    sfn.send_task_failure(taskToken=body["token"], error="Rejected", cause="no")
    assert finished(sfn, second)["output"] == "rejected"
    types = [e["type"] for e in history(sfn, second)]
    assert "TaskSubmitted" not in types or types.index("TaskSubmitted") < types.index("TaskFailed")
    assert "TaskFailed" in types


def test_task_tokens_that_are_not_ours(sfn: Any) -> None:
    with pytest.raises(ClientError) as exc:
        sfn.send_task_success(taskToken="not-a-token", output="{}")
    assert exc.value.response["Error"]["Code"] == "InvalidToken"
    with pytest.raises(ClientError) as exc:
        sfn.send_task_success(taskToken="0" * 64, output="{}")
    assert exc.value.response["Error"]["Code"] == "TaskDoesNotExist"


def test_an_activity_worker_takes_and_completes_a_task(sfn: Any, unique_name: str) -> None:
    activity = sfn.create_activity(name=unique_name)["activityArn"]
    arn = machine(sfn, unique_name, {"StartAt": "Work", "States": {
        "Work": {"Type": "Task", "Resource": activity, "TimeoutSeconds": 30, "End": True}}})
    execution = sfn.start_execution(stateMachineArn=arn, input='{"job": 1}')["executionArn"]
    task = sfn.get_activity_task(activityArn=activity, workerName="w1")
    assert json.loads(task["input"]) == {"job": 1}
    sfn.send_task_success(taskToken=task["taskToken"], output='{"done": true}')
    assert finished(sfn, execution)["output"] == {"done": True}
    types = [e["type"] for e in history(sfn, execution)]
    assert types[2] == "ActivityScheduled" and "ActivitySucceeded" in types


def test_get_activity_task_long_polls(sfn: Any, unique_name: str) -> None:
    activity = sfn.create_activity(name=unique_name)["activityArn"]
    arn = machine(sfn, unique_name, {"StartAt": "Work", "States": {
        "Work": {"Type": "Task", "Resource": activity, "End": True}}})
    got: dict[str, Any] = {}
    worker = threading.Thread(target=lambda: got.update(
        sfn.get_activity_task(activityArn=activity)))
    worker.start()
    time.sleep(0.3)
    execution = sfn.start_execution(stateMachineArn=arn, input='{"late": true}')["executionArn"]
    worker.join(20)
    assert json.loads(got["input"]) == {"late": True}
    sfn.send_task_failure(taskToken=got["taskToken"], error="WorkerGaveUp", cause="c")
    out = finished(sfn, execution)
    assert (out["status"], out["error"], out["cause"]) == ("FAILED", "WorkerGaveUp", "c")
    with pytest.raises(ClientError) as exc:
        sfn.get_activity_task(activityArn=activity.replace(unique_name, unique_name + "x"))
    assert exc.value.response["Error"]["Code"] == "ActivityDoesNotExist"


def test_a_heartbeat_timeout_fails_the_task(sfn: Any, unique_name: str) -> None:
    activity = sfn.create_activity(name=unique_name)["activityArn"]
    out, events = run_standard(sfn, unique_name, {"StartAt": "Work", "States": {
        "Work": {"Type": "Task", "Resource": activity, "HeartbeatSeconds": 1, "End": True}}})
    assert (out["status"], out["error"]) == ("FAILED", "States.HeartbeatTimeout")
    assert "ActivityTimedOut" in [e["type"] for e in events]


def test_nested_executions_sync_and_sync2(sfn: Any, unique_name: str) -> None:
    child = machine(sfn, unique_name + "-child", {"StartAt": "Double", "States": {
        "Double": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($.n, $.n)"},
                   "End": True}}})
    out, _ = run_standard(sfn, unique_name, {"StartAt": "Sync", "States": {
        "Sync": {"Type": "Task", "Resource": f"{STATES}states:startExecution.sync",
                 "Parameters": {"StateMachineArn": child, "Input": {"n.$": "$.n"}},
                 "ResultPath": "$.one", "Next": "Sync2"},
        "Sync2": {"Type": "Task", "Resource": f"{STATES}states:startExecution.sync:2",
                  "Parameters": {"StateMachineArn": child, "Input": {"n.$": "$.n"}},
                  "ResultSelector": {"out.$": "$.Output", "status.$": "$.Status"},
                  "ResultPath": "$.two", "Next": "Async"},
        "Async": {"Type": "Task", "Resource": f"{STATES}states:startExecution",
                  "Parameters": {"StateMachineArn": child, "Input": "{\"n\": 1}"},
                  "ResultSelector": {"arn.$": "$.ExecutionArn"}, "ResultPath": "$.three",
                  "End": True}}}, {"n": 5})
    assert out["status"] == "SUCCEEDED", out
    result = out["output"]
    assert json.loads(result["one"]["Output"]) == {"v": 10}
    assert result["one"]["Status"] == "SUCCEEDED"
    assert result["two"] == {"out": {"v": 10}, "status": "SUCCEEDED"}
    assert finished(sfn, result["three"]["arn"])["output"] == {"v": 2}


def test_a_failed_child_fails_the_sync_task(sfn: Any, unique_name: str) -> None:
    child = machine(sfn, unique_name + "-child", {"StartAt": "F", "States": {
        "F": {"Type": "Fail", "Error": "ChildError", "Cause": "bad"}}})
    out, _ = run_standard(sfn, unique_name, {"StartAt": "Sync", "States": {
        "Sync": {"Type": "Task", "Resource": f"{STATES}states:startExecution.sync:2",
                 "Parameters": {"StateMachineArn": child}, "End": True}}})
    assert (out["status"], out["error"]) == ("FAILED", "States.TaskFailed")
    assert json.loads(out["cause"])["Error"] == "ChildError"


def test_an_unknown_integration_is_not_supported(sfn: Any, unique_name: str) -> None:
    out = run_sync(sfn, unique_name, {"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": f"{STATES}glue:startJobRun", "Parameters": {},
              "End": True}}})
    assert out["error"] == "States.Runtime" and "not supported" in out["cause"]


def test_a_state_output_over_256_kb_fails(sfn: Any, unique_name: str) -> None:
    # 140,000 characters, 280,000 bytes of UTF-8: the limit is in bytes.
    out = run_sync(sfn, unique_name, {"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Result": "é" * 140_000, "End": True}}})
    assert (out["status"], out["error"]) == ("FAILED", "States.DataLimitExceeded")
    small = run_sync(sfn, unique_name + "b", {"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Result": "e" * 140_000, "End": True}}})
    assert small["status"] == "SUCCEEDED"
