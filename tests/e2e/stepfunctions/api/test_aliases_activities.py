"""Aliases (routing weights), activities, tags of activities."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.stepfunctions.api.conftest import PASS, PASS2, ROLE


def _code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return str(exc.value.response["Error"]["Code"])


def _machine_with_versions(sfn: Any, name: str) -> str:
    arn: str = sfn.create_state_machine(name=name, definition=PASS, roleArn=ROLE,
                                        publish=True)["stateMachineArn"]
    sfn.update_state_machine(stateMachineArn=arn, definition=PASS2, publish=True)
    return arn


def test_alias_lifecycle(sfn: Any, unique_name: str) -> None:
    arn = _machine_with_versions(sfn, unique_name)
    routing = [{"stateMachineVersionArn": arn + ":1", "weight": 70},
               {"stateMachineVersionArn": arn + ":2", "weight": 30}]
    out = sfn.create_state_machine_alias(name="prod", routingConfiguration=routing,
                                         description="live")
    alias = out["stateMachineAliasArn"]
    assert alias == arn + ":prod"
    again = sfn.create_state_machine_alias(name="prod", routingConfiguration=routing,
                                           description="live")
    assert again["stateMachineAliasArn"] == alias
    with pytest.raises(ClientError) as exc:
        sfn.create_state_machine_alias(name="prod", routingConfiguration=routing[:1])
    assert _code(exc) in ("ConflictException", "ValidationException")
    d = sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
    assert d["name"] == "prod" and d["description"] == "live"
    assert d["routingConfiguration"] == routing
    sfn.update_state_machine_alias(
        stateMachineAliasArn=alias,
        routingConfiguration=[{"stateMachineVersionArn": arn + ":2", "weight": 100}])
    d = sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
    assert d["routingConfiguration"] == [{"stateMachineVersionArn": arn + ":2",
                                          "weight": 100}]
    listed = sfn.list_state_machine_aliases(stateMachineArn=arn)["stateMachineAliases"]
    assert [a["stateMachineAliasArn"] for a in listed] == [alias]
    # a version an alias routes to cannot be deleted
    with pytest.raises(ClientError) as exc:
        sfn.delete_state_machine_version(stateMachineVersionArn=arn + ":2")
    assert _code(exc) == "ConflictException"
    sfn.delete_state_machine_alias(stateMachineAliasArn=alias)
    with pytest.raises(ClientError) as exc:
        sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
    assert _code(exc) == "ResourceNotFound"
    sfn.delete_state_machine_version(stateMachineVersionArn=arn + ":2")


def test_alias_bad_routing(sfn: Any, unique_name: str) -> None:
    arn = _machine_with_versions(sfn, unique_name)
    for routing in ([{"stateMachineVersionArn": arn + ":1", "weight": 50}],
                    [{"stateMachineVersionArn": arn + ":1", "weight": 50},
                     {"stateMachineVersionArn": arn + ":1", "weight": 50}]):
        with pytest.raises(ClientError) as exc:
            sfn.create_state_machine_alias(name="a", routingConfiguration=routing)
        assert _code(exc) == "ValidationException"
    with pytest.raises(ClientError) as exc:
        sfn.create_state_machine_alias(
            name="a", routingConfiguration=[{"stateMachineVersionArn": arn + ":9",
                                             "weight": 100}])
    assert _code(exc) == "ResourceNotFound"


def test_activities(sfn: Any, unique_name: str) -> None:
    out = sfn.create_activity(name=unique_name, tags=[{"key": "k", "value": "v"}])
    arn = out["activityArn"]
    assert arn == f"arn:aws:states:us-east-1:000000000000:activity:{unique_name}"
    assert sfn.create_activity(name=unique_name)["activityArn"] == arn
    d = sfn.describe_activity(activityArn=arn)
    assert d["name"] == unique_name and d["creationDate"] == out["creationDate"]
    assert unique_name in [a["name"] for a in sfn.list_activities()["activities"]]
    assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "k",
                                                                     "value": "v"}]
    sfn.delete_activity(activityArn=arn)
    with pytest.raises(ClientError) as exc:
        sfn.describe_activity(activityArn=arn)
    assert _code(exc) == "ActivityDoesNotExist"
    with pytest.raises(ClientError) as exc:
        sfn.list_tags_for_resource(resourceArn=arn)
    assert _code(exc) == "ResourceNotFound"


def test_too_many_tags(sfn: Any, unique_name: str) -> None:
    tags = [{"key": f"k{i}", "value": "v"} for i in range(51)]
    with pytest.raises(ClientError) as exc:
        sfn.create_activity(name=unique_name, tags=tags)
    assert _code(exc) in ("TooManyTags", "ValidationException")
