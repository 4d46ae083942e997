"""Function policies: AddPermission, RemovePermission, GetPolicy.
https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.lambda_.conftest import ROLE, CreateFn, error_of, python_zip
from tests.server import RunningServer

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"
API_ARN = "arn:aws:execute-api:us-east-1:000000000000:abc123/*/GET/hello"


def allow_gateway(client: Any, name: str, sid: str = "apigw", **kwargs: Any) -> dict[str, Any]:
    resp: dict[str, Any] = client.add_permission(
        FunctionName=name, StatementId=sid, Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com", SourceArn=API_ARN, **kwargs)
    return resp


def policy_of(client: Any, name: str, **kwargs: Any) -> tuple[dict[str, Any], str]:
    resp = client.get_policy(FunctionName=name, **kwargs)
    return json.loads(resp["Policy"]), resp["RevisionId"]


def test_add_permission_answers_the_statement(lambda_client: Any, create_function: CreateFn) -> None:
    """AddPermission answers 201 with the statement as JSON: Allow, a Service principal,
    the action, the function ARN and SourceArn/SourceAccount as conditions."""
    name = create_function()
    resp = allow_gateway(lambda_client, name, SourceAccount="000000000000")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert json.loads(resp["Statement"]) == {
        "Sid": "apigw", "Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"},
        "Action": "lambda:InvokeFunction", "Resource": f"{ARN}{name}",
        "Condition": {"StringEquals": {"AWS:SourceAccount": "000000000000"},
                      "ArnLike": {"AWS:SourceArn": API_ARN}},
    }


def test_get_policy_answers_the_policy_document(lambda_client: Any, create_function: CreateFn) -> None:
    """GetPolicy answers the whole document (Version 2012-10-17, Id default) with every
    statement in the order added, and the function's RevisionId."""
    name = create_function()
    first = json.loads(allow_gateway(lambda_client, name, "one")["Statement"])
    second = json.loads(lambda_client.add_permission(
        FunctionName=name, StatementId="two", Action="lambda:GetFunction",
        Principal="123456789012")["Statement"])
    policy, revision = policy_of(lambda_client, name)
    assert policy == {"Version": "2012-10-17", "Id": "default", "Statement": [first, second]}
    assert second["Principal"] == {"AWS": "arn:aws:iam::123456789012:root"}
    assert revision == lambda_client.get_function_configuration(FunctionName=name)["RevisionId"]


def test_principals_of_every_form(lambda_client: Any, create_function: CreateFn) -> None:
    """A role ARN stays as an AWS principal, ``*`` is everyone; anything else is
    InvalidParameterValueException."""
    name = create_function()
    role = json.loads(lambda_client.add_permission(
        FunctionName=name, StatementId="role", Action="lambda:InvokeFunction",
        Principal=ROLE)["Statement"])
    anyone = json.loads(lambda_client.add_permission(
        FunctionName=name, StatementId="anyone", Action="lambda:*", Principal="*")["Statement"])
    assert role["Principal"] == {"AWS": ROLE}
    assert anyone["Principal"] == "*"
    code, status, message = error_of(
        lambda_client.add_permission, FunctionName=name, StatementId="bad",
        Action="lambda:InvokeFunction", Principal="not-a-principal")
    assert (code, status) == ("InvalidParameterValueException", 400)
    assert message == "The provided principal was invalid. Please check the principal and try again."


def test_function_url_auth_type_and_org_id_are_conditions(
        lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function()
    statement = json.loads(lambda_client.add_permission(
        FunctionName=name, StatementId="url", Action="lambda:InvokeFunctionUrl", Principal="*",
        FunctionUrlAuthType="NONE", PrincipalOrgID="o-abcdefghij")["Statement"])
    assert statement["Condition"] == {"StringEquals": {
        "lambda:FunctionUrlAuthType": "NONE", "aws:PrincipalOrgID": "o-abcdefghij"}}


def test_a_duplicate_statement_id_is_a_conflict(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function()
    allow_gateway(lambda_client, name, "same")
    code, status, message = error_of(allow_gateway, client=lambda_client, name=name, sid="same")
    assert (code, status) == ("ResourceConflictException", 409)
    assert message == ("The statement id (same) provided already exists. Please provide a new "
                       "statement id, or remove the existing statement.")


def test_get_policy_without_statements_is_not_found(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function()
    code, status, _ = error_of(lambda_client.get_policy, FunctionName=name)
    assert (code, status) == ("ResourceNotFoundException", 404)


def test_get_policy_of_a_missing_function_is_not_found(lambda_client: Any, unique_name: str) -> None:
    code, status, message = error_of(lambda_client.get_policy, FunctionName=unique_name)
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert message == "The resource you requested does not exist."  # AWS's GetPolicy text


def test_remove_permission_removes_the_statement(lambda_client: Any, create_function: CreateFn) -> None:
    """RemovePermission answers 204; removing the last statement removes the policy."""
    name = create_function()
    allow_gateway(lambda_client, name, "one")
    allow_gateway(lambda_client, name, "two")
    resp = lambda_client.remove_permission(FunctionName=name, StatementId="one")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    policy, _ = policy_of(lambda_client, name)
    assert [s["Sid"] for s in policy["Statement"]] == ["two"]
    lambda_client.remove_permission(FunctionName=name, StatementId="two")
    assert error_of(lambda_client.get_policy, FunctionName=name)[0] == "ResourceNotFoundException"


def test_remove_permission_without_a_policy_is_not_found(
        lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function()
    code, status, message = error_of(lambda_client.remove_permission, FunctionName=name,
                                     StatementId="x")
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert message == "No policy is associated with the given resource."


def test_remove_permission_of_an_unknown_statement_is_not_found(
        lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function()
    allow_gateway(lambda_client, name, "there")
    code, status, message = error_of(lambda_client.remove_permission, FunctionName=name,
                                     StatementId="missing")
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert message == "Statement missing is not found in resource policy."


def test_a_permission_change_gives_a_new_revision_id(lambda_client: Any, create_function: CreateFn) -> None:
    """The policy's RevisionId is the function's: each change makes a new one, and a
    stale RevisionId is PreconditionFailedException (412)."""
    name = create_function()
    before = lambda_client.get_function_configuration(FunctionName=name)["RevisionId"]
    allow_gateway(lambda_client, name, "one", RevisionId=before)
    _, after = policy_of(lambda_client, name)
    assert after != before
    assert lambda_client.get_function_configuration(FunctionName=name)["RevisionId"] == after
    for call, kwargs in ((allow_gateway, {"client": lambda_client, "name": name, "sid": "two"}),
                         (lambda_client.remove_permission, {"FunctionName": name, "StatementId": "one"})):
        code, status, _ = error_of(call, RevisionId=before, **kwargs)
        assert (code, status) == ("PreconditionFailedException", 412)
    lambda_client.remove_permission(FunctionName=name, StatementId="one", RevisionId=after)


def test_versions_and_aliases_have_their_own_policies(
        lambda_client: Any, create_function: CreateFn) -> None:
    """A Qualifier names the version's or alias's own policy (Resource is the qualified
    ARN); the same statement id may be used in each; the unqualified policy is $LATEST's."""
    name = create_function(Publish=True)
    lambda_client.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    allow_gateway(lambda_client, name, "same")
    allow_gateway(lambda_client, name, "same", Qualifier="1")
    statement = json.loads(allow_gateway(lambda_client, name, "same", Qualifier="live")["Statement"])
    assert statement["Resource"] == f"{ARN}{name}:live"
    policy, revision = policy_of(lambda_client, name, Qualifier="1")
    assert [s["Resource"] for s in policy["Statement"]] == [f"{ARN}{name}:1"]
    assert revision == lambda_client.get_function_configuration(FunctionName=name, Qualifier="1")["RevisionId"]
    _, alias_revision = policy_of(lambda_client, f"{name}:live")
    assert alias_revision == lambda_client.get_alias(FunctionName=name, Name="live")["RevisionId"]
    latest, _ = policy_of(lambda_client, name, Qualifier="$LATEST")
    assert latest["Statement"][0]["Resource"] == f"{ARN}{name}"


def test_add_permission_for_latest_is_refused(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function()
    code, status, message = error_of(allow_gateway, client=lambda_client, name=name,
                                     Qualifier="$LATEST")
    assert (code, status) == ("InvalidParameterValueException", 400)
    assert message == "We currently do not support adding policies for $LATEST."


def test_add_permission_for_a_missing_version_is_not_found(
        lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function()
    code, status, _ = error_of(allow_gateway, client=lambda_client, name=name, Qualifier="7")
    assert (code, status) == ("ResourceNotFoundException", 404)


def test_deleting_an_alias_or_function_deletes_its_policy(
        lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(Publish=True)
    lambda_client.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    allow_gateway(lambda_client, name, "a", Qualifier="live")
    lambda_client.delete_alias(FunctionName=name, Name="live")
    lambda_client.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    assert error_of(lambda_client.get_policy, FunctionName=name, Qualifier="live")[1] == 404
    allow_gateway(lambda_client, name)
    lambda_client.delete_function(FunctionName=name)
    lambda_client.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE,
                                  Handler="app.handler", Code={"ZipFile": python_zip("x = 1\n")})
    function_ready(lambda_client, name)
    assert error_of(lambda_client.get_policy, FunctionName=name)[1] == 404


def test_a_policy_over_20_kb_is_refused(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function()
    long_arn = API_ARN + "/" + "x" * 9000
    for sid in ("a", "b"):
        lambda_client.add_permission(FunctionName=name, StatementId=sid, Action="lambda:InvokeFunction",
                                     Principal="apigateway.amazonaws.com", SourceArn=long_arn)
    code, status, message = error_of(
        lambda_client.add_permission, FunctionName=name, StatementId="c",
        Action="lambda:InvokeFunction", Principal="apigateway.amazonaws.com", SourceArn=long_arn)
    assert (code, status) == ("PolicyLengthExceededException", 400)
    assert message.startswith("The final policy size (") and message.endswith(
        ") is bigger than the limit (20480).")


def test_policies_survive_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = RunningServer(data).start()
    try:
        client = make_client(first, "lambda")
        client.create_function(FunctionName="kept", Runtime="python3.12", Role=ROLE,
                               Handler="app.handler", Code={"ZipFile": python_zip("x = 1\n")},
                               Publish=True)
        function_ready(client, "kept")
        allow_gateway(client, "kept")
        allow_gateway(client, "kept", Qualifier="1")
        before = [client.get_policy(FunctionName="kept", **q) for q in ({}, {"Qualifier": "1"})]
    finally:
        assert first.stop() == 0
    second = RunningServer(data).start()
    try:
        client = make_client(second, "lambda")
        after = [client.get_policy(FunctionName="kept", **q) for q in ({}, {"Qualifier": "1"})]
        for old, new in zip(before, after, strict=True):
            assert (new["Policy"], new["RevisionId"]) == (old["Policy"], old["RevisionId"])
    finally:
        second.stop()
