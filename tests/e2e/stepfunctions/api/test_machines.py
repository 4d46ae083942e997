"""CreateStateMachine, Describe, Update, Delete, List, versions, against a real server."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.stepfunctions.api.conftest import PASS, PASS2, ROLE


def _code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return str(exc.value.response["Error"]["Code"])


def test_create_describe_delete(sfn: Any, unique_name: str) -> None:
    out = sfn.create_state_machine(name=unique_name, definition=PASS, roleArn=ROLE)
    arn = out["stateMachineArn"]
    assert arn == f"arn:aws:states:us-east-1:000000000000:stateMachine:{unique_name}"
    assert "stateMachineVersionArn" not in out
    d = sfn.describe_state_machine(stateMachineArn=arn)
    assert d["name"] == unique_name and d["status"] == "ACTIVE"
    assert d["type"] == "STANDARD" and d["definition"] == PASS and d["roleArn"] == ROLE
    assert d["loggingConfiguration"]["level"] == "OFF"
    assert d["tracingConfiguration"] == {"enabled": False}
    assert d["revisionId"]
    sfn.delete_state_machine(stateMachineArn=arn)
    with pytest.raises(ClientError) as exc:
        sfn.describe_state_machine(stateMachineArn=arn)
    assert _code(exc) == "StateMachineDoesNotExist"
    assert exc.value.response["Error"]["Message"] == f"State Machine Does Not Exist: '{arn}'"
    sfn.delete_state_machine(stateMachineArn=arn)  # idempotent


def test_idempotent_create_and_conflict(sfn: Any, unique_name: str) -> None:
    first = sfn.create_state_machine(name=unique_name, definition=PASS, roleArn=ROLE)
    again = sfn.create_state_machine(name=unique_name, definition=PASS, roleArn=ROLE)
    assert again["stateMachineArn"] == first["stateMachineArn"]
    assert again["creationDate"] == first["creationDate"]
    with pytest.raises(ClientError) as exc:
        sfn.create_state_machine(name=unique_name, definition=PASS2, roleArn=ROLE)
    assert _code(exc) == "StateMachineAlreadyExists"


def test_express_logging_tracing_tags(sfn: Any, unique_name: str) -> None:
    logging = {"level": "ALL", "includeExecutionData": True, "destinations": [
        {"cloudWatchLogsLogGroup": {
            "logGroupArn": "arn:aws:logs:us-east-1:000000000000:log-group:g:*"}}]}
    arn = sfn.create_state_machine(
        name=unique_name, definition=PASS, roleArn=ROLE, type="EXPRESS",
        loggingConfiguration=logging, tracingConfiguration={"enabled": True},
        tags=[{"key": "team", "value": "a"}])["stateMachineArn"]
    d = sfn.describe_state_machine(stateMachineArn=arn)
    assert d["type"] == "EXPRESS" and d["loggingConfiguration"] == logging
    assert d["tracingConfiguration"] == {"enabled": True}
    assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "team",
                                                                     "value": "a"}]
    sfn.tag_resource(resourceArn=arn, tags=[{"key": "env", "value": "dev"}])
    sfn.untag_resource(resourceArn=arn, tagKeys=["team"])
    assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "env",
                                                                     "value": "dev"}]
    with pytest.raises(ClientError) as exc:
        sfn.create_state_machine(name=unique_name + "x", definition=PASS, roleArn=ROLE,
                                 loggingConfiguration={"level": "ALL"})
    assert _code(exc) == "InvalidLoggingConfiguration"


@pytest.mark.parametrize("name", ["has space", "a:b", "a*b", "a/b"])
def test_invalid_name(sfn: Any, name: str) -> None:
    with pytest.raises(ClientError) as exc:
        sfn.create_state_machine(name=name, definition=PASS, roleArn=ROLE)
    assert _code(exc) == "InvalidName"
    assert exc.value.response["Error"]["Message"] == f"Invalid Name: '{name}'"


def test_name_too_long_is_model_validation(sfn: Any) -> None:
    """Over 80 characters breaks the model's length constraint (ValidationException)."""
    with pytest.raises(ClientError) as exc:
        sfn.create_state_machine(name="x" * 81, definition=PASS, roleArn=ROLE)
    assert _code(exc) == "ValidationException"


def test_invalid_definition_message(sfn: Any, unique_name: str) -> None:
    bad = json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nope"}}})
    with pytest.raises(ClientError) as exc:
        sfn.create_state_machine(name=unique_name, definition=bad, roleArn=ROLE)
    assert _code(exc) == "InvalidDefinition"
    message = exc.value.response["Error"]["Message"]
    assert message.startswith("Invalid State Machine Definition: '")
    assert "MISSING_TRANSITION_TARGET" in message and "/States/A/Next" in message
    with pytest.raises(ClientError) as exc:
        sfn.create_state_machine(name=unique_name, definition="{not json", roleArn=ROLE)
    assert _code(exc) == "InvalidDefinition"
    field = json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True,
                                                         "Bogus": 1}}})
    with pytest.raises(ClientError) as exc:
        sfn.create_state_machine(name=unique_name, definition=field, roleArn=ROLE)
    assert "SCHEMA_VALIDATION_FAILED" in exc.value.response["Error"]["Message"]
    assert "at /States/A" in exc.value.response["Error"]["Message"]


def test_bad_arns(sfn: Any) -> None:
    with pytest.raises(ClientError) as exc:
        sfn.describe_state_machine(stateMachineArn="not-an-arn")
    assert _code(exc) == "InvalidArn"
    with pytest.raises(ClientError) as exc:
        sfn.describe_state_machine(
            stateMachineArn="arn:aws:states:us-east-1:000000000000:activity:x")
    assert _code(exc) == "InvalidArn"
    with pytest.raises(ClientError) as exc:
        sfn.create_state_machine(name="okname", definition=PASS, roleArn="role")
    assert _code(exc) == "InvalidArn"


def test_update_and_versions(sfn: Any, unique_name: str) -> None:
    out = sfn.create_state_machine(name=unique_name, definition=PASS, roleArn=ROLE,
                                   publish=True, versionDescription="first")
    arn = out["stateMachineArn"]
    assert out["stateMachineVersionArn"] == arn + ":1"
    rev1 = sfn.describe_state_machine(stateMachineArn=arn)["revisionId"]
    up = sfn.update_state_machine(stateMachineArn=arn, definition=PASS2, publish=True,
                                  versionDescription="second")
    assert up["stateMachineVersionArn"] == arn + ":2" and up["revisionId"] != rev1
    assert "updateDate" in up
    current = sfn.describe_state_machine(stateMachineArn=arn)
    assert current["definition"] == PASS2 and current["revisionId"] == up["revisionId"]
    v1 = sfn.describe_state_machine(stateMachineArn=arn + ":1")
    assert v1["definition"] == PASS and v1["revisionId"] == rev1
    assert v1["stateMachineArn"] == arn + ":1" and v1["description"] == "first"
    # publishing the same revision again answers the latest version
    again = sfn.publish_state_machine_version(stateMachineArn=arn)
    assert again["stateMachineVersionArn"] == arn + ":2"
    with pytest.raises(ClientError) as exc:
        sfn.publish_state_machine_version(stateMachineArn=arn, revisionId=rev1)
    assert _code(exc) == "ConflictException"
    versions = sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
    assert [v["stateMachineVersionArn"] for v in versions] == [arn + ":2", arn + ":1"]
    sfn.delete_state_machine_version(stateMachineVersionArn=arn + ":1")
    versions = sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
    assert [v["stateMachineVersionArn"] for v in versions] == [arn + ":2"]
    with pytest.raises(ClientError) as exc:
        sfn.describe_state_machine(stateMachineArn=arn + ":1")
    assert _code(exc) == "StateMachineDoesNotExist"
    with pytest.raises(ClientError) as exc:
        sfn.update_state_machine(stateMachineArn=arn)
    assert _code(exc) == "MissingRequiredParameter"
    # version numbers are not reused after a delete
    sfn.update_state_machine(stateMachineArn=arn, definition=PASS)
    assert sfn.publish_state_machine_version(
        stateMachineArn=arn)["stateMachineVersionArn"] == arn + ":3"


def test_list_paging(sfn: Any, unique_name: str) -> None:
    names = [f"{unique_name}-{i}" for i in range(5)]
    for name in names:
        sfn.create_state_machine(name=name, definition=PASS, roleArn=ROLE)
    seen: list[str] = []
    token = None
    while True:
        kwargs: dict[str, Any] = {"maxResults": 2}
        if token:
            kwargs["nextToken"] = token
        page = sfn.list_state_machines(**kwargs)
        assert len(page["stateMachines"]) <= 2
        seen += [m["name"] for m in page["stateMachines"]]
        token = page.get("nextToken")
        if not token:
            break
    assert set(names) <= set(seen)
    paginated = [m["name"] for p in sfn.get_paginator("list_state_machines").paginate()
                 for m in p["stateMachines"]]
    assert set(names) <= set(paginated)
    with pytest.raises(ClientError) as exc:
        sfn.list_state_machines(nextToken="@@@")
    assert _code(exc) == "InvalidToken"
