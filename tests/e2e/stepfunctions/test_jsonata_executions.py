"""JSONata executions on a real server (EXPRESS, StartSyncExecution), beyond
``test_jsonata.py``: the execution failing with a Fail state's computed Error and Cause or
with a States.QueryEvaluationError, and Task states whose service error or expression
error is caught, with ``$states.errorOutput`` and variables read after the Catch.

https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
"""

from __future__ import annotations

from typing import Any

from tests.e2e.stepfunctions.conftest import run_sync

STATES = "arn:aws:states:::"


def jsonata(states: dict[str, Any], start: str) -> dict[str, Any]:
    return {"QueryLanguage": "JSONata", "StartAt": start, "States": states}


def test_fail_error_and_cause_from_expressions(sfn: Any, unique_name: str) -> None:
    out = run_sync(sfn, unique_name, jsonata({
        "Stop": {"Type": "Fail", "Error": "{% 'Order.' & $states.input.reason %}",
                 "Cause": "{% 'order ' & $string($states.input.id) & ' refused' %}"}},
        "Stop"), {"reason": "Refused", "id": 7})
    assert out["status"] == "FAILED"
    assert (out["error"], out["cause"]) == ("Order.Refused", "order 7 refused")


def test_undefined_output_fails_the_execution(sfn: Any, unique_name: str) -> None:
    out = run_sync(sfn, unique_name, jsonata({
        "P": {"Type": "Pass", "End": True, "Output": "{% $states.input.missing %}"}}, "P"))
    assert (out["status"], out["error"]) == ("FAILED", "States.QueryEvaluationError")
    assert "$states.input.missing" in out["cause"]


def test_catch_reads_error_output(sfn: Any, unique_name: str) -> None:
    out = run_sync(sfn, unique_name, jsonata({
        "Get": {"Type": "Task", "Resource": f"{STATES}dynamodb:getItem", "End": True,
                "Arguments": {"TableName": "{% 'no-such-' & $states.input.table %}",
                              "Key": {"id": {"S": "x"}}},
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handled",
                           "Assign": {"failed": "{% $states.errorOutput.Error %}"},
                           "Output": {"kept": "{% $states.input.table %}",
                                      "error": "{% $states.errorOutput.Error %}"}}]},
        "Handled": {"Type": "Pass", "End": True,
                    "Output": {"kept": "{% $states.input.kept %}",
                               "same": "{% $failed = $states.input.error %}",
                               "error": "{% $failed %}"}}}, "Get"), {"table": "t"})
    assert out["status"] == "SUCCEEDED", out
    assert out["output"] == {"kept": "t", "same": True,
                             "error": "DynamoDB.ResourceNotFoundException"}


def test_query_error_in_arguments_can_be_caught(sfn: Any, unique_name: str) -> None:
    out = run_sync(sfn, unique_name, jsonata({
        "Get": {"Type": "Task", "Resource": f"{STATES}dynamodb:getItem", "End": True,
                "Arguments": {"TableName": "{% $states.input.a + 1 %}"},
                "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "Done"}]},
        "Done": {"Type": "Pass", "End": True}}, "Get"), {"a": "text"})
    assert out["status"] == "SUCCEEDED", out
    assert out["output"]["Error"] == "States.QueryEvaluationError"
    assert "threw an error during evaluation" in out["output"]["Cause"]
