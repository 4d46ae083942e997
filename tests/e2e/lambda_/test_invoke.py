"""Invoke (RequestResponse, DryRun): what the handler gets and what the caller sees.
https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
https://docs.aws.amazon.com/lambda/latest/dg/python-context.html
"""

from __future__ import annotations

import base64
import json
from typing import Any

from tests.e2e.lambda_.conftest import CreateFn, invoke_json

CONTEXT = """
    import os

    COUNT = 0

    def handler(event, context):
        global COUNT
        COUNT += 1
        print("hello from the handler")
        custom = context.client_context.custom if context.client_context else None
        return {
            "event": event,
            "count": COUNT,
            "request_id": context.aws_request_id,
            "function_name": context.function_name,
            "function_version": context.function_version,
            "invoked_arn": context.invoked_function_arn,
            "memory": context.memory_limit_in_mb,
            "remaining": context.get_remaining_time_in_millis(),
            "log_group": context.log_group_name,
            "custom": custom,
            "env": {k: os.environ.get(k) for k in (
                "AWS_LAMBDA_FUNCTION_NAME", "AWS_REGION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                "AWS_LAMBDA_FUNCTION_VERSION", "_HANDLER", "GREETING")},
        }
"""


def test_handler_gets_the_event_and_its_context(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(CONTEXT, Timeout=7, MemorySize=256,
                           Environment={"Variables": {"GREETING": "hi"}})
    body, resp = invoke_json(lambda_client, name, {"key": [1, 2, 3]})
    assert resp["StatusCode"] == 200
    assert "FunctionError" not in resp
    assert resp["ExecutedVersion"] == "$LATEST"
    assert body["event"] == {"key": [1, 2, 3]}
    assert body["request_id"] == resp["ResponseMetadata"]["RequestId"]
    assert body["function_name"] == name
    assert body["function_version"] == "$LATEST"
    assert body["invoked_arn"] == f"arn:aws:lambda:us-east-1:000000000000:function:{name}"
    assert body["memory"] == "256"
    assert 5000 < body["remaining"] <= 7000
    assert body["log_group"] == f"/aws/lambda/{name}"
    assert body["env"] == {"AWS_LAMBDA_FUNCTION_NAME": name, "AWS_REGION": "us-east-1",
                           "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
                           "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST", "_HANDLER": "app.handler",
                           "GREETING": "hi"}


def test_warm_environment_keeps_globals(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(CONTEXT)
    counts = [invoke_json(lambda_client, name)[0]["count"] for _ in range(3)]
    assert counts == [1, 2, 3]


def test_log_type_tail_returns_the_end_of_the_log(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(CONTEXT)
    _, resp = invoke_json(lambda_client, name, LogType="Tail")
    log = base64.b64decode(resp["LogResult"]).decode()
    request_id = resp["ResponseMetadata"]["RequestId"]
    assert f"START RequestId: {request_id} Version: $LATEST" in log
    assert "hello from the handler" in log
    assert f"END RequestId: {request_id}" in log
    assert f"REPORT RequestId: {request_id}" in log
    _, quiet = invoke_json(lambda_client, name)
    assert "LogResult" not in quiet


def test_log_tail_is_at_most_4kb(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function("def handler(event, context):\n    print('x' * 20000)\n    return 1\n")
    _, resp = invoke_json(lambda_client, name, LogType="Tail")
    log = base64.b64decode(resp["LogResult"])
    assert len(log) == 4096
    assert b"REPORT RequestId" in log


def test_client_context_reaches_the_handler(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(CONTEXT)
    context = base64.b64encode(json.dumps({"custom": {"user": "ann"}}).encode()).decode()
    body, _ = invoke_json(lambda_client, name, ClientContext=context)
    assert body["custom"] == {"user": "ann"}


def test_empty_payload_is_an_empty_object(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(CONTEXT)
    resp = lambda_client.invoke(FunctionName=name)
    assert json.loads(resp["Payload"].read())["event"] == {}


def test_any_json_value_is_an_event(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function("def handler(event, context):\n    return event\n")
    for event in ("text", 42, [1, "a"], None):
        assert invoke_json(lambda_client, name, event)[0] == (event if event is not None else {})


def test_dry_run_answers_204(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(CONTEXT)
    resp = lambda_client.invoke(FunctionName=name, InvocationType="DryRun")
    assert resp["StatusCode"] == 204


def test_invoke_by_arn(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(CONTEXT)
    arn = f"arn:aws:lambda:us-east-1:000000000000:function:{name}"
    assert invoke_json(lambda_client, arn)[0]["function_name"] == name


def test_boto3_in_a_handler_reaches_cloudlet_in_the_same_account(
        lambda_client: Any, create_function: CreateFn) -> None:
    source = """
        import boto3

        def handler(event, context):
            names = [f["FunctionName"] for f in boto3.client("lambda").list_functions(MaxItems=1000)["Functions"]]
            logs = boto3.client("logs")
            group = "/handler/" + context.aws_request_id
            logs.create_log_group(logGroupName=group)
            found = logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]
            logs.delete_log_group(logGroupName=group)
            return {"me": context.function_name in names, "group": found[0]["arn"]}
    """
    name = create_function(source, Timeout=30)
    body, resp = invoke_json(lambda_client, name)
    assert "FunctionError" not in resp, body
    assert body["me"] is True
    assert ":000000000000:log-group:/handler/" in body["group"]


def test_function_of_another_account_sees_its_account(server: Any, create_function: CreateFn) -> None:
    from tests.conftest import make_client

    client = make_client(server, "lambda", access_key="444455556666")
    source = """
        import boto3

        def handler(event, context):
            return [f["FunctionName"] for f in boto3.client("lambda").list_functions()["Functions"]]
    """
    name = create_function(source, client=client, Timeout=30)
    body, _ = invoke_json(client, name)
    assert body == [name]


def test_invocation_log_lands_in_cloudwatch_logs(lambda_client: Any, logs_client: Any,
                                                 create_function: CreateFn) -> None:
    name = create_function(CONTEXT)
    _, resp = invoke_json(lambda_client, name)
    request_id = resp["ResponseMetadata"]["RequestId"]
    group = f"/aws/lambda/{name}"
    assert logs_client.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]["logGroupName"] == group
    streams = logs_client.describe_log_streams(logGroupName=group)["logStreams"]
    assert len(streams) == 1 and "[$LATEST]" in streams[0]["logStreamName"]
    events = logs_client.get_log_events(logGroupName=group, logStreamName=streams[0]["logStreamName"],
                                        startFromHead=True)["events"]
    messages = [e["message"] for e in events]
    assert messages[0].startswith(f"START RequestId: {request_id}")
    assert any("hello from the handler" in m for m in messages)
    assert messages[-1].startswith(f"REPORT RequestId: {request_id}")
    found = logs_client.filter_log_events(logGroupName=group, filterPattern="hello")["events"]
    assert len(found) == 1
