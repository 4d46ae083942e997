"""The IAM policy simulator.

https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
"""

from __future__ import annotations

import json

from tests.conftest import make_client
from tests.e2e.iam_enforce.conftest import allow, deny, make_user, needs_identity_policies
from tests.server import RunningServer

TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/books"


def test_simulate_custom_policy_decisions(enforcing: RunningServer) -> None:
    iam = make_client(enforcing, "iam")
    out = iam.simulate_custom_policy(
        PolicyInputList=[json.dumps(allow("dynamodb:*")), json.dumps(deny("dynamodb:DeleteItem"))],
        ActionNames=["dynamodb:GetItem", "dynamodb:DeleteItem", "s3:GetObject"],
        ResourceArns=[TABLE])
    got = {r["EvalActionName"]: r["EvalDecision"] for r in out["EvaluationResults"]}
    assert got == {"dynamodb:GetItem": "allowed", "dynamodb:DeleteItem": "explicitDeny",
                   "s3:GetObject": "implicitDeny"}
    first = out["EvaluationResults"][0]
    assert first["EvalResourceName"] == TABLE
    assert first["MatchedStatements"][0]["SourcePolicyId"] == "PolicyInputList.1"
    assert out["IsTruncated"] is False


def test_simulate_custom_policy_context_entries_and_missing_values(
        enforcing: RunningServer) -> None:
    iam = make_client(enforcing, "iam")
    doc = {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                          "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}
    args = {"PolicyInputList": [json.dumps(doc)], "ActionNames": ["s3:GetObject"]}
    missing = iam.simulate_custom_policy(**args)["EvaluationResults"][0]
    assert missing["EvalDecision"] == "implicitDeny"
    assert missing["MissingContextValues"] == ["aws:SourceIp"]
    given = iam.simulate_custom_policy(**args, ContextEntries=[{
        "ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["203.0.113.7"],
        "ContextKeyType": "ip"}])["EvaluationResults"][0]
    assert given["EvalDecision"] == "allowed" and given["MissingContextValues"] == []


def test_permissions_boundary_input(enforcing: RunningServer) -> None:
    out = make_client(enforcing, "iam").simulate_custom_policy(
        PolicyInputList=[json.dumps(allow("*"))],
        PermissionsBoundaryPolicyInputList=[json.dumps(allow("s3:*"))],
        ActionNames=["dynamodb:GetItem", "s3:GetObject"])
    assert [r["EvalDecision"] for r in out["EvaluationResults"]] == ["implicitDeny", "allowed"]


def test_get_context_keys_for_custom_policy(enforcing: RunningServer) -> None:
    doc = {"Statement": [{"Effect": "Allow", "Action": "s3:*",
                          "Resource": "arn:aws:s3:::home/${aws:username}/*",
                          "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}
    out = make_client(enforcing, "iam").get_context_keys_for_custom_policy(
        PolicyInputList=[json.dumps(doc)])
    assert sorted(out["ContextKeyNames"]) == ["aws:SecureTransport", "aws:username"]


@needs_identity_policies
def test_simulate_principal_policy(enforcing: RunningServer) -> None:
    user = make_user(enforcing, allow("dynamodb:GetItem", TABLE))
    out = make_client(enforcing, "iam").simulate_principal_policy(
        PolicySourceArn=user.arn, ActionNames=["dynamodb:GetItem", "dynamodb:PutItem"],
        ResourceArns=[TABLE])
    assert [r["EvalDecision"] for r in out["EvaluationResults"]] == ["allowed", "implicitDeny"]
