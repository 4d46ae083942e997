"""Aliases: CreateAlias, GetAlias, UpdateAlias, DeleteAlias, ListAliases; invoking and
reading a function through an alias.
https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html
"""

from __future__ import annotations

from typing import Any

import pytest

from cloudlet.testing import function_ready
from tests.e2e.lambda_.conftest import CreateFn, error_of, invoke_json, python_zip

V1 = "def handler(event, context):\n    return ['v1', context.function_version, context.invoked_function_arn]\n"
V2 = "def handler(event, context):\n    return ['v2', context.function_version, context.invoked_function_arn]\n"
ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


def two_versions(lambda_client: Any, create_function: CreateFn) -> str:
    """A function whose version 1 runs V1 and version 2 (and $LATEST) runs V2."""
    name = create_function(V1, Publish=True)
    lambda_client.update_function_code(FunctionName=name, ZipFile=python_zip(V2), Publish=True)
    function_ready(lambda_client, name)
    return name


def test_create_alias_answers_its_configuration(lambda_client: Any, create_function: CreateFn) -> None:
    """CreateAlias answers 201 with the alias ARN (the function ARN qualified by the
    alias name), the version, the description and a revision id."""
    name = create_function(V1, Publish=True)
    resp = lambda_client.create_alias(FunctionName=name, Name="live", FunctionVersion="1",
                                      Description="production")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert resp["AliasArn"] == f"{ARN}{name}:live"
    assert (resp["Name"], resp["FunctionVersion"], resp["Description"]) == ("live", "1", "production")
    assert resp["RevisionId"]
    assert "RoutingConfig" not in resp
    got = lambda_client.get_alias(FunctionName=name, Name="live")
    got.pop("ResponseMetadata")
    resp.pop("ResponseMetadata")
    assert got == resp


def test_an_alias_may_point_to_latest(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(V1)
    resp = lambda_client.create_alias(FunctionName=name, Name="dev", FunctionVersion="$LATEST")
    assert resp["FunctionVersion"] == "$LATEST"
    assert resp["Description"] == ""
    body, out = invoke_json(lambda_client, name, Qualifier="dev")
    assert body[:2] == ["v1", "$LATEST"]
    assert out["ExecutedVersion"] == "$LATEST"


def test_creating_an_existing_alias_conflicts(lambda_client: Any, create_function: CreateFn) -> None:
    """https://docs.aws.amazon.com/lambda/latest/api/API_CreateAlias.html#API_CreateAlias_Errors"""
    name = create_function(V1, Publish=True)
    lambda_client.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    code, status, message = error_of(lambda_client.create_alias, FunctionName=name, Name="live",
                                     FunctionVersion="1")
    assert (code, status) == ("ResourceConflictException", 409)
    assert message == f"Alias already exists: {ARN}{name}:live"


def test_an_alias_of_a_missing_version_or_function_is_not_found(
        lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(V1)
    code, status, message = error_of(lambda_client.create_alias, FunctionName=name, Name="live",
                                     FunctionVersion="7")
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert message == f"Function not found: {ARN}{name}:7"
    code, status, message = error_of(lambda_client.create_alias, FunctionName=f"{name}-gone",
                                     Name="live", FunctionVersion="1")
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert message == f"Function not found: {ARN}{name}-gone:1"


def test_an_alias_name_may_not_look_like_a_version(lambda_client: Any, create_function: CreateFn) -> None:
    """The model's pattern for Alias, ``(?!^[0-9]+$)([a-zA-Z0-9-_]+)``, rejects digits only."""
    name = create_function(V1, Publish=True)
    code, status, message = error_of(lambda_client.create_alias, FunctionName=name, Name="12",
                                     FunctionVersion="1")
    assert (code, status) == ("ValidationException", 400)
    assert "Value '12' at 'name' failed to satisfy constraint" in message


def test_get_missing_alias(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(V1)
    code, status, message = error_of(lambda_client.get_alias, FunctionName=name, Name="nope")
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert message == f"Cannot find alias arn: {ARN}{name}:nope"


def test_update_alias_changes_only_what_is_given(lambda_client: Any, create_function: CreateFn) -> None:
    """https://docs.aws.amazon.com/lambda/latest/api/API_UpdateAlias.html"""
    name = two_versions(lambda_client, create_function)
    created = lambda_client.create_alias(FunctionName=name, Name="live", FunctionVersion="1",
                                         Description="keep me")
    updated = lambda_client.update_alias(FunctionName=name, Name="live", FunctionVersion="2")
    assert (updated["FunctionVersion"], updated["Description"]) == ("2", "keep me")
    assert updated["RevisionId"] != created["RevisionId"]
    assert invoke_json(lambda_client, name, Qualifier="live")[0][:2] == ["v2", "2"]


def test_update_alias_with_an_old_revision_fails(lambda_client: Any, create_function: CreateFn) -> None:
    name = two_versions(lambda_client, create_function)
    created = lambda_client.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    lambda_client.update_alias(FunctionName=name, Name="live", Description="changed")
    code, status, _ = error_of(lambda_client.update_alias, FunctionName=name, Name="live",
                               FunctionVersion="2", RevisionId=created["RevisionId"])
    assert (code, status) == ("PreconditionFailedException", 412)
    assert lambda_client.get_alias(FunctionName=name, Name="live")["FunctionVersion"] == "1"


def test_update_missing_alias(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(V1)
    code, status, message = error_of(lambda_client.update_alias, FunctionName=name, Name="nope",
                                     Description="x")
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert message == f"Alias not found: {ARN}{name}:nope"


def test_delete_alias(lambda_client: Any, create_function: CreateFn) -> None:
    """DeleteAlias answers 204; the version stays and the alias is gone."""
    name = create_function(V1, Publish=True)
    lambda_client.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    resp = lambda_client.delete_alias(FunctionName=name, Name="live")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert error_of(lambda_client.get_alias, FunctionName=name, Name="live")[0] == "ResourceNotFoundException"
    assert invoke_json(lambda_client, name, Qualifier="1")[0][0] == "v1"
    again = lambda_client.delete_alias(FunctionName=name, Name="live")  # AWS: 204 again
    assert again["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_list_aliases_pages_and_filters_by_version(lambda_client: Any, create_function: CreateFn) -> None:
    """https://docs.aws.amazon.com/lambda/latest/api/API_ListAliases.html"""
    name = two_versions(lambda_client, create_function)
    for alias, version in (("a", "1"), ("b", "2"), ("c", "1")):
        lambda_client.create_alias(FunctionName=name, Name=alias, FunctionVersion=version)
    first = lambda_client.list_aliases(FunctionName=name, MaxItems=2)
    assert [a["Name"] for a in first["Aliases"]] == ["a", "b"]
    rest = lambda_client.list_aliases(FunctionName=name, Marker=first["NextMarker"])
    assert [a["Name"] for a in rest["Aliases"]] == ["c"]
    assert "NextMarker" not in rest
    only_1 = lambda_client.list_aliases(FunctionName=name, FunctionVersion="1")["Aliases"]
    assert [a["Name"] for a in only_1] == ["a", "c"]
    pages = lambda_client.get_paginator("list_aliases").paginate(
        FunctionName=name, PaginationConfig={"PageSize": 1})
    assert [a["Name"] for page in pages for a in page["Aliases"]] == ["a", "b", "c"]


def test_invoke_through_an_alias(lambda_client: Any, create_function: CreateFn) -> None:
    """Qualifier=ALIAS runs the alias's version; X-Amz-Executed-Version names it; the
    handler's invoked_function_arn is the alias ARN, as invoked."""
    name = two_versions(lambda_client, create_function)
    lambda_client.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    body, resp = invoke_json(lambda_client, name, Qualifier="live")
    assert body == ["v1", "1", f"{ARN}{name}:live"]
    assert resp["ExecutedVersion"] == "1"


def test_invoke_by_alias_arn(lambda_client: Any, create_function: CreateFn) -> None:
    name = two_versions(lambda_client, create_function)
    lambda_client.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    body, resp = invoke_json(lambda_client, f"{ARN}{name}:live")
    assert body == ["v1", "1", f"{ARN}{name}:live"]
    assert resp["ExecutedVersion"] == "1"
    body, _ = invoke_json(lambda_client, f"{name}:live")
    assert body[:2] == ["v1", "1"]


def test_invoked_function_arn_is_qualified_as_invoked(lambda_client: Any, create_function: CreateFn) -> None:
    name = two_versions(lambda_client, create_function)
    assert invoke_json(lambda_client, name)[0][2] == f"{ARN}{name}"
    assert invoke_json(lambda_client, name, Qualifier="$LATEST")[0][2] == f"{ARN}{name}:$LATEST"
    assert invoke_json(lambda_client, name, Qualifier="1")[0][2] == f"{ARN}{name}:1"


def test_invoking_a_missing_alias_is_not_found(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(V1)
    code, status, message = error_of(lambda_client.invoke, FunctionName=name, Qualifier="nope")
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert message == f"Function not found: {ARN}{name}:nope"


def test_moving_an_alias_moves_its_invocations(lambda_client: Any, create_function: CreateFn) -> None:
    name = two_versions(lambda_client, create_function)
    lambda_client.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    assert invoke_json(lambda_client, name, Qualifier="live")[0][0] == "v1"
    lambda_client.update_alias(FunctionName=name, Name="live", FunctionVersion="2")
    assert invoke_json(lambda_client, name, Qualifier="live")[0][0] == "v2"


def test_weighted_alias_runs_both_versions(lambda_client: Any, create_function: CreateFn) -> None:
    """With AdditionalVersionWeights {"2": 0.5} about half of the invocations run version 2.
    https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html"""
    name = two_versions(lambda_client, create_function)
    resp = lambda_client.create_alias(FunctionName=name, Name="canary", FunctionVersion="1",
                                      RoutingConfig={"AdditionalVersionWeights": {"2": 0.5}})
    assert resp["RoutingConfig"] == {"AdditionalVersionWeights": {"2": 0.5}}
    ran = []
    for _ in range(40):
        body, out = invoke_json(lambda_client, name, Qualifier="canary")
        assert body[1] == out["ExecutedVersion"]
        assert body[2] == f"{ARN}{name}:canary"
        ran.append(out["ExecutedVersion"])
    assert set(ran) == {"1", "2"}


def test_removing_the_weights_routes_everything_to_the_version(
        lambda_client: Any, create_function: CreateFn) -> None:
    name = two_versions(lambda_client, create_function)
    lambda_client.create_alias(FunctionName=name, Name="canary", FunctionVersion="1",
                               RoutingConfig={"AdditionalVersionWeights": {"2": 0.9}})
    resp = lambda_client.update_alias(FunctionName=name, Name="canary",
                                      RoutingConfig={"AdditionalVersionWeights": {}})
    assert "RoutingConfig" not in resp
    assert {invoke_json(lambda_client, name, Qualifier="canary")[1]["ExecutedVersion"]
            for _ in range(10)} == {"1"}


@pytest.mark.parametrize(("version", "weights", "message"), [
    ("1", {"1": 0.5},
     "Invalid function version 1. Function version 1 is already included in routing configuration."),
    ("$LATEST", {"1": 0.5}, "$LATEST is not supported for an alias pointing to more than 1 version"),
    ("1", {"2": 0.1, "3": 0.1}, "Number of items in AdditionalVersionWeights cannot be greater than 1"),
])
def test_invalid_routing_is_rejected(lambda_client: Any, create_function: CreateFn, version: str,
                                     weights: dict[str, float], message: str) -> None:
    name = two_versions(lambda_client, create_function)
    lambda_client.update_function_configuration(FunctionName=name, Timeout=5)
    function_ready(lambda_client, name)
    lambda_client.publish_version(FunctionName=name)
    code, status, text = error_of(lambda_client.create_alias, FunctionName=name, Name="bad",
                                  FunctionVersion=version,
                                  RoutingConfig={"AdditionalVersionWeights": weights})
    assert (code, status, text) == ("InvalidParameterValueException", 400, message)


def test_routing_to_a_missing_version_is_not_found(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(V1, Publish=True)
    code, status, message = error_of(lambda_client.create_alias, FunctionName=name, Name="c",
                                     FunctionVersion="1",
                                     RoutingConfig={"AdditionalVersionWeights": {"9": 0.5}})
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert message == f"Function not found: {ARN}{name}:9"


def test_get_function_through_an_alias(lambda_client: Any, create_function: CreateFn) -> None:
    """GetFunction and GetFunctionConfiguration with an alias describe the alias's version,
    with the alias ARN as FunctionArn."""
    name = two_versions(lambda_client, create_function)
    lambda_client.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    config = lambda_client.get_function_configuration(FunctionName=name, Qualifier="live")
    assert config["Version"] == "1"
    assert config["FunctionArn"] == f"{ARN}{name}:live"
    version_1 = lambda_client.get_function_configuration(FunctionName=name, Qualifier="1")
    assert config["CodeSha256"] == version_1["CodeSha256"]
    full = lambda_client.get_function(FunctionName=f"{ARN}{name}:live")
    assert full["Configuration"]["Version"] == "1"
    assert full["Configuration"]["FunctionArn"] == f"{ARN}{name}:live"


def test_a_version_an_alias_uses_cannot_be_deleted(lambda_client: Any, create_function: CreateFn) -> None:
    """DeleteFunction with the version as Qualifier fails (409) while an alias points to
    it, also as its weighted version."""
    name = two_versions(lambda_client, create_function)
    lambda_client.create_alias(FunctionName=name, Name="live", FunctionVersion="1",
                               RoutingConfig={"AdditionalVersionWeights": {"2": 0.1}})
    for version in ("1", "2"):
        code, status, message = error_of(lambda_client.delete_function, FunctionName=name,
                                         Qualifier=version)
        assert (code, status) == ("ResourceConflictException", 409)
        assert message == "Unable to delete version because the following aliases reference it: [live]"
    lambda_client.delete_alias(FunctionName=name, Name="live")
    lambda_client.delete_function(FunctionName=name, Qualifier="1")
    versions = lambda_client.list_versions_by_function(FunctionName=name)["Versions"]
    assert [v["Version"] for v in versions] == ["$LATEST", "2"]


def test_deleting_the_function_deletes_its_aliases(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(V1, Publish=True)
    lambda_client.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    lambda_client.delete_function(FunctionName=name)
    create_function(V2, name=name, Publish=True)
    assert lambda_client.list_aliases(FunctionName=name)["Aliases"] == []


def test_concurrency_stays_function_level(lambda_client: Any, create_function: CreateFn) -> None:
    """Reserved concurrency belongs to the function: set through an alias-qualified name
    it applies to every version."""
    name = create_function(V1, Publish=True)
    lambda_client.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    lambda_client.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=0)
    code, status, _ = error_of(lambda_client.invoke, FunctionName=name, Qualifier="live")
    assert (code, status) == ("TooManyRequestsException", 429)
    lambda_client.delete_function_concurrency(FunctionName=name)
    assert invoke_json(lambda_client, name, Qualifier="live")[0][0] == "v1"
