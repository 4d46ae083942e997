"""IAM resources deployed through CloudFormation (the providers), read back through IAM."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.iam.conftest import unique
from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer

TRUST = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]}
BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"


def _doc(action: str) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": action, "Resource": "*"}]}


def _template(action: str, managed: list[str]) -> dict[str, Any]:
    return {"Resources": {
        "Role": {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": TRUST, "ManagedPolicyArns": managed,
            "Policies": [{"PolicyName": "inline", "PolicyDocument": _doc(action)}],
            "Tags": [{"Key": "team", "Value": "a"}]}},
        "Extra": {"Type": "AWS::IAM::Policy", "Properties": {
            "PolicyName": "extra", "PolicyDocument": _doc("sqs:*"), "Roles": [{"Ref": "Role"}]}},
        "Managed": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {
            "PolicyDocument": _doc(action), "Roles": [{"Ref": "Role"}]}},
        "Profile": {"Type": "AWS::IAM::InstanceProfile", "Properties": {
            "Roles": [{"Ref": "Role"}]}},
    }, "Outputs": {
        "Arn": {"Value": {"Fn::GetAtt": ["Role", "Arn"]}},
        "RoleId": {"Value": {"Fn::GetAtt": ["Role", "RoleId"]}},
        "ManagedArn": {"Value": {"Ref": "Managed"}},
        "ProfileArn": {"Value": {"Fn::GetAtt": ["Profile", "Arn"]}},
    }}


def test_role_stack_creates_updates_and_deletes(server: RunningServer, iam: Any) -> None:
    name = unique("iamstack")
    stack = deploy(server, _template("logs:*", [BASIC]), name=name)
    role = stack.physical("Role")
    assert role.startswith(f"{name}-Role-") and len(role) <= 64
    got = iam.get_role(RoleName=role)["Role"]
    assert stack.outputs["Arn"] == got["Arn"] and stack.outputs["RoleId"] == got["RoleId"]
    assert sorted(iam.list_role_policies(RoleName=role)["PolicyNames"]) == ["extra", "inline"]
    attached = {p["PolicyArn"] for p in
                iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]}
    assert attached == {BASIC, stack.outputs["ManagedArn"]}
    assert iam.list_instance_profiles_for_role(RoleName=role)["InstanceProfiles"][0]["Arn"] == \
        stack.outputs["ProfileArn"]

    deploy(server, _template("s3:*", []), name=name, update=True)
    inline = iam.get_role_policy(RoleName=role, PolicyName="inline")["PolicyDocument"]
    assert inline["Statement"][0]["Action"] == "s3:*"
    managed = iam.get_policy(PolicyArn=stack.outputs["ManagedArn"])["Policy"]
    assert managed["DefaultVersionId"] == "v2"
    attached = {p["PolicyArn"] for p in
                iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]}
    assert attached == {stack.outputs["ManagedArn"]}

    remove(server, name)
    with pytest.raises(ClientError):
        iam.get_role(RoleName=role)
    with pytest.raises(ClientError):
        iam.get_policy(PolicyArn=stack.outputs["ManagedArn"])


def test_named_role_and_string_trust_policy(server: RunningServer, iam: Any) -> None:
    role = unique("named")
    deploy(server, {"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {
        "RoleName": role, "Path": "/svc/", "AssumeRolePolicyDocument": json.dumps(TRUST),
        "MaxSessionDuration": 7200}}}})
    got = iam.get_role(RoleName=role)["Role"]
    assert (got["Path"], got["MaxSessionDuration"]) == ("/svc/", 7200)


def test_bad_policy_fails_the_stack(server: RunningServer) -> None:
    stack = deploy(server, {"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {
        "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Maybe"}]}}}}},
        expect="ROLLBACK_COMPLETE")
    assert stack.status == "ROLLBACK_COMPLETE"
