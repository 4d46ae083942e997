"""TestState on a real server: one state run on its own, with mocks, retries and catches
reported as AWS reports them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.stepfunctions.conftest import ROLE


def _test(sfn: Any, state: dict[str, Any], value: Any = None, **kw: Any) -> dict[str, Any]:
    out: dict[str, Any] = sfn.test_state(definition=json.dumps(state), roleArn=ROLE,
                                         input=json.dumps(value or {}), **kw)
    return out


def test_a_pass_state_with_paths(sfn: Any) -> None:
    out = _test(sfn, {"Type": "Pass", "InputPath": "$.a", "Parameters": {"b.$": "$.x"},
                      "ResultPath": "$.r", "Next": "After"}, {"a": {"x": 1}},
                inspectionLevel="DEBUG")
    assert out["status"] == "SUCCEEDED" and out["nextState"] == "After"
    assert json.loads(out["output"]) == {"a": {"x": 1}, "r": {"b": 1}}
    assert json.loads(out["inspectionData"]["afterParameters"]) == {"b": 1}
    assert json.loads(out["inspectionData"]["input"]) == {"a": {"x": 1}}


def test_a_mocked_task_result_and_error(sfn: Any) -> None:
    task = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f", "Payload.$": "$"},
            "ResultSelector": {"v.$": "$.Payload.v"}, "End": True,
            "Retry": [{"ErrorEquals": ["Flaky"]}],
            "Catch": [{"ErrorEquals": ["Broken"], "ResultPath": "$.err", "Next": "Handle"}]}
    out = _test(sfn, task, {"k": 1}, mock={"result": json.dumps({"Payload": {"v": 9}})})
    assert (out["status"], json.loads(out["output"])) == ("SUCCEEDED", {"v": 9})
    assert "nextState" not in out
    out = _test(sfn, task, {"k": 1}, mock={"errorOutput": {"error": "Flaky", "cause": "c"}})
    assert (out["status"], out["error"]) == ("RETRIABLE", "Flaky")
    out = _test(sfn, task, {"k": 1}, mock={"errorOutput": {"error": "Broken", "cause": "c"}})
    assert (out["status"], out["nextState"]) == ("CAUGHT_ERROR", "Handle")
    assert json.loads(out["output"]) == {"k": 1, "err": {"Error": "Broken", "Cause": "c"}}
    out = _test(sfn, task, {}, mock={"errorOutput": {"error": "Other", "cause": "x"}})
    assert (out["status"], out["error"], out["cause"]) == ("FAILED", "Other", "x")


def test_choice_and_a_state_of_a_whole_machine(sfn: Any) -> None:
    machine = {"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 5,
                                             "Next": "Big"}], "Default": "Small"},
        "Big": {"Type": "Succeed"}, "Small": {"Type": "Succeed"}}}
    out = sfn.test_state(definition=json.dumps(machine), stateName="C", input='{"n": 7}')
    assert (out["status"], out["nextState"]) == ("SUCCEEDED", "Big")
    with pytest.raises(ClientError) as exc:
        sfn.test_state(definition=json.dumps(machine), stateName="Nope", input="{}")
    assert exc.value.response["Error"]["Code"] == "ValidationException"


def test_a_bad_state_is_an_invalid_definition(sfn: Any) -> None:
    with pytest.raises(ClientError) as exc:
        _test(sfn, {"Type": "Pass", "Bogus": 1, "End": True})
    assert exc.value.response["Error"]["Code"] == "InvalidDefinition"
