"""ValidateStateMachineDefinition through the API, and validation.check directly."""

from __future__ import annotations

import json
from typing import Any

from cloudlet.services.stepfunctions.validation import check
from tests.e2e.stepfunctions.api.conftest import PASS


def _codes(definition: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(d.code, d.location) for d in check(json.dumps(definition))]


def test_validate_ok_and_fail(sfn: Any) -> None:
    out = sfn.validate_state_machine_definition(definition=PASS)
    assert out["result"] == "OK" and out["diagnostics"] == []
    bad = json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "X"}}})
    out = sfn.validate_state_machine_definition(definition=bad)
    assert out["result"] == "FAIL"
    diag = out["diagnostics"][0]
    assert diag["severity"] == "ERROR" and diag["code"] == "MISSING_TRANSITION_TARGET"
    assert diag["location"] == "/States/A/Next"
    express = json.dumps({"StartAt": "T", "States": {"T": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
        "End": True}}})
    assert sfn.validate_state_machine_definition(definition=express)["result"] == "OK"
    out = sfn.validate_state_machine_definition(definition=express, type="EXPRESS")
    assert out["result"] == "FAIL"
    assert out["diagnostics"][0]["location"] == "/States/T/Resource"
    warn = json.dumps({"StartAt": "A", "States": {"A": {
        "Type": "Pass", "Parameters": {"x": "$.y"}, "End": True}}})
    assert sfn.validate_state_machine_definition(definition=warn)["diagnostics"] == []
    out = sfn.validate_state_machine_definition(definition=warn, severity="WARNING")
    assert out["result"] == "OK"
    assert [(d["severity"], d["code"]) for d in out["diagnostics"]] == [
        ("WARNING", "NO_DOLLAR")]
    out = sfn.validate_state_machine_definition(definition="{")
    assert out["diagnostics"][0]["code"] == "INVALID_JSON_DESCRIPTION"


def test_checks() -> None:
    ok = {"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [
            {"Variable": "$.x", "NumericEquals": 1, "Next": "T"},
            {"And": [{"Variable": "$.y", "IsPresent": True},
                     {"Not": {"Variable": "$.y", "StringEquals": "n"}}], "Next": "P"}],
              "Default": "F"},
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2,
                         "BackoffRate": 2.0}],
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F",
                         "ResultPath": "$.err"}],
              "End": True},
        "P": {"Type": "Parallel", "Branches": [
            {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}], "Next": "M"},
        "M": {"Type": "Map", "ItemProcessor": {
            "StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}}, "Next": "W"},
        "W": {"Type": "Wait", "Seconds": 1, "End": True},
        "F": {"Type": "Fail", "Error": "E"}}}
    assert _codes(ok) == []
    assert ("SCHEMA_VALIDATION_FAILED", "/States/A") in _codes(
        {"StartAt": "A", "States": {"A": {"Type": "Pass"}}})
    assert ("SCHEMA_VALIDATION_FAILED", "/States/A/Type") in _codes(
        {"StartAt": "A", "States": {"A": {"Type": "Nope", "End": True}}})
    assert ("MISSING_TRANSITION_TARGET", "/States/B") in _codes(
        {"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}}})
    # JSONPath fields in a JSONata state are errors, JSONata fields in JSONPath ones too
    assert ("SCHEMA_VALIDATION_FAILED", "/States/A") in _codes(
        {"QueryLanguage": "JSONata", "StartAt": "A",
         "States": {"A": {"Type": "Pass", "InputPath": "$", "End": True}}})
    assert ("SCHEMA_VALIDATION_FAILED", "/States/A") in _codes(
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Output": {}, "End": True}}})
    assert _codes({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Choice", "Choices": [{"Condition": "{% true %}", "Next": "B"}]},
        "B": {"Type": "Pass", "Output": "{% $states.input %}", "End": True}}}) == []
    # nested machines are checked
    assert ("MISSING_TRANSITION_TARGET", "/States/P/Branches[0]/States/B/Next") in _codes(
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": True, "Branches": [
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "Next": "Z"}}}]}}})
    assert ("SCHEMA_VALIDATION_FAILED", "/States/T/Retry[0]") in _codes(
        {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:x",
                                          "Retry": [{"MaxAttempts": 1}], "End": True}}})
    assert [d.code for d in check("")] == ["MISSING_DESCRIPTION"]
    dup = ('{"StartAt": "A", "States": {"A": {"Type": "Succeed"},'
           ' "A": {"Type": "Succeed"}}}')
    assert "DUPLICATE_STATE_NAME" in [d.code for d in check(dup)]
    assert ("DUPLICATE_STATE_NAME", "/States/P/Branches[0]/States/P") in _codes(
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": True, "Branches": [
            {"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}]}}})
    assert ("SCHEMA_VALIDATION_FAILED", "/States/T/Catch[0]/ErrorEquals") in _codes(
        {"StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": "arn:aws:x", "End": True, "Catch": [
                {"ErrorEquals": ["States.ALL"], "Next": "F"},
                {"ErrorEquals": ["X"], "Next": "F"}]},
            "F": {"Type": "Fail"}}})
    assert ("SCHEMA_VALIDATION_FAILED", "/States/P/Branches[0]/QueryLanguage") in _codes(
        {"QueryLanguage": "JSONata", "StartAt": "P", "States": {
            "P": {"Type": "Parallel", "End": True, "Branches": [
                {"QueryLanguage": "JSONPath", "StartAt": "B",
                 "States": {"B": {"Type": "Succeed"}}}]}}})
