"""Task states that run Lambda functions, on a real server with real functions: a function
ARN as the resource, ``lambda:invoke`` with its Payload wrapper, a handler's error as the
task's error (Retry, Catch), timeouts, and the exact history of a Lambda chain."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.lambda_.conftest import ROLE as FN_ROLE
from tests.e2e.lambda_.conftest import python_zip
from tests.e2e.stepfunctions.conftest import run_standard, run_sync
from tests.server import RunningServer

VALIDATE = """
class BelowAbsoluteZero(Exception):
    pass

def handler(event, context):
    if event["celsius"] < -273.15:
        raise BelowAbsoluteZero(f"{event['celsius']} is below absolute zero")
    return {**event, "valid": True}
"""
FLAKY = """
import os, pathlib
def handler(event, context):
    mark = pathlib.Path("/tmp") / event["mark"]
    count = int(mark.read_text()) + 1 if mark.exists() else 1
    mark.write_text(str(count))
    if count < event["succeed_on"]:
        raise RuntimeError(f"attempt {count}")
    return {"attempts": count}
"""
SLOW = """
import time
def handler(event, context):
    time.sleep(event.get("sleep", 5))
    return "late"
"""


@pytest.fixture(scope="module")
def functions(server: RunningServer) -> dict[str, str]:
    client = make_client(server, "lambda")
    arns: dict[str, str] = {}
    for name, source in (("validate", VALIDATE), ("flaky", FLAKY), ("slow", SLOW)):
        fn = f"sfn-{name}"
        out = client.create_function(FunctionName=fn, Runtime="python3.12", Role=FN_ROLE,
                                     Handler="app.handler", Timeout=30,
                                     Code={"ZipFile": python_zip(source)})
        function_ready(client, fn)
        arns[name] = out["FunctionArn"]
    return arns


def test_a_function_arn_task_passes_its_result_on(sfn: Any, functions: dict[str, str],
                                                  unique_name: str) -> None:
    out, events = run_standard(sfn, unique_name, {"StartAt": "Validate", "States": {
        "Validate": {"Type": "Task", "Resource": functions["validate"], "Next": "Keep"},
        "Keep": {"Type": "Pass", "Parameters": {"ok.$": "$.valid", "c.$": "$.celsius"},
                 "End": True}}}, {"celsius": 21.5})
    assert out["status"] == "SUCCEEDED"
    assert out["output"] == {"ok": True, "c": 21.5}
    assert [e["type"] for e in events] == [
        "ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
        "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited",
        "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]
    assert [e["id"] for e in events] == list(range(1, 10))
    assert [e["previousEventId"] for e in events] == [0, 1, 2, 3, 4, 5, 6, 7, 8]
    scheduled = events[2]["lambdaFunctionScheduledEventDetails"]
    assert scheduled["resource"] == functions["validate"]
    assert json.loads(scheduled["input"]) == {"celsius": 21.5}
    succeeded = events[4]["lambdaFunctionSucceededEventDetails"]
    assert json.loads(succeeded["output"]) == {"celsius": 21.5, "valid": True}


def test_a_handler_error_fails_the_execution_with_its_type(
        sfn: Any, functions: dict[str, str], unique_name: str) -> None:
    out, events = run_standard(sfn, unique_name, {"StartAt": "Validate", "States": {
        "Validate": {"Type": "Task", "Resource": functions["validate"], "End": True}}},
        {"celsius": -300})
    assert out["status"] == "FAILED"
    assert out["error"] == "BelowAbsoluteZero"
    cause = json.loads(out["cause"])
    assert cause["errorType"] == "BelowAbsoluteZero"
    assert cause["errorMessage"] == "-300 is below absolute zero"
    assert [e["type"] for e in events][-3:] == ["LambdaFunctionStarted",
                                                "LambdaFunctionFailed", "ExecutionFailed"]
    assert events[-2]["lambdaFunctionFailedEventDetails"]["error"] == "BelowAbsoluteZero"


def test_catch_puts_the_error_at_its_result_path(sfn: Any, functions: dict[str, str],
                                                 unique_name: str) -> None:
    out = run_sync(sfn, unique_name, {"StartAt": "Validate", "States": {
        "Validate": {"Type": "Task", "Resource": functions["validate"], "End": True,
                     "Catch": [{"ErrorEquals": ["Other"], "Next": "Never"},
                               {"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.err",
                                "Next": "Handled"}]},
        "Never": {"Type": "Fail"},
        "Handled": {"Type": "Pass", "End": True}}}, {"celsius": -999})
    assert out["status"] == "SUCCEEDED"
    assert out["output"]["celsius"] == -999
    assert out["output"]["err"]["Error"] == "BelowAbsoluteZero"
    assert "below absolute zero" in json.loads(out["output"]["err"]["Cause"])["errorMessage"]


def test_retry_runs_the_function_again_until_it_succeeds(
        sfn: Any, functions: dict[str, str], unique_name: str) -> None:
    out, events = run_standard(sfn, unique_name, {"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": functions["flaky"], "End": True,
              "Retry": [{"ErrorEquals": ["RuntimeError"], "IntervalSeconds": 1,
                         "BackoffRate": 1, "MaxAttempts": 2}]}}},
        {"mark": unique_name, "succeed_on": 2})
    assert out["status"] == "SUCCEEDED" and out["output"] == {"attempts": 2}
    types = [e["type"] for e in events]
    assert types.count("LambdaFunctionScheduled") == 2
    assert types.count("LambdaFunctionFailed") == 1


def test_retries_exhausted_fail_with_the_last_error(sfn: Any, functions: dict[str, str],
                                                    unique_name: str) -> None:
    out, events = run_standard(sfn, unique_name, {"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": functions["flaky"], "End": True,
              "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1,
                         "MaxAttempts": 1}]}}},
        {"mark": unique_name, "succeed_on": 99})
    assert (out["status"], out["error"]) == ("FAILED", "RuntimeError")
    assert json.loads(out["cause"])["errorMessage"] == "attempt 2"
    assert [e["type"] for e in events].count("LambdaFunctionFailed") == 2


def test_lambda_invoke_wraps_the_payload(sfn: Any, functions: dict[str, str],
                                         unique_name: str) -> None:
    out = run_sync(sfn, unique_name, {"StartAt": "Invoke", "States": {
        "Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Parameters": {"FunctionName": functions["validate"],
                                  "Payload": {"celsius.$": "$.reading"}},
                   "End": True}}}, {"reading": 4})
    assert out["status"] == "SUCCEEDED"
    result = out["output"]
    assert result["Payload"] == {"celsius": 4, "valid": True}
    assert result["StatusCode"] == 200 and result["ExecutedVersion"] == "$LATEST"


def test_lambda_invoke_with_result_selector_and_path(sfn: Any, functions: dict[str, str],
                                                     unique_name: str) -> None:
    out = run_sync(sfn, unique_name, {"StartAt": "Invoke", "States": {
        "Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Parameters": {"FunctionName": "sfn-validate", "Payload.$": "$"},
                   "ResultSelector": {"valid.$": "$.Payload.valid"},
                   "ResultPath": "$.check", "End": True}}}, {"celsius": 0})
    assert out["output"] == {"celsius": 0, "check": {"valid": True}}


def test_an_unknown_function_fails_with_lambdas_error(sfn: Any, unique_name: str) -> None:
    out = run_sync(sfn, unique_name, {"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "no-such-function"}, "End": True}}})
    assert out["status"] == "FAILED"
    assert out["error"] == "Lambda.ResourceNotFoundException"


def test_timeout_seconds_fails_a_slow_task(sfn: Any, functions: dict[str, str],
                                           unique_name: str) -> None:
    out = run_sync(sfn, unique_name, {"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": functions["slow"], "TimeoutSeconds": 1,
              "End": True}}}, {"sleep": 5})
    assert (out["status"], out["error"]) == ("FAILED", "States.Timeout")
