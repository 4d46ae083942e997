"""AWS::IAM::Group, AWS::IAM::UserToGroupAddition, a User's Groups and AWS::IAM::AccessKey
deployed through CloudFormation, read back through IAM and used to sign.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-group.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-accesskey.html
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.e2e.iam.conftest import unique
from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer

READ = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"


def _template(status: str, extra_users: list[Any]) -> dict[str, Any]:
    return {"Resources": {
        "Team": {"Type": "AWS::IAM::Group", "Properties": {
            "Path": "/teams/", "ManagedPolicyArns": [READ],
            "Policies": [{"PolicyName": "logs", "PolicyDocument": {
                "Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": "logs:*", "Resource": "*"}]}}]}},
        "Dev": {"Type": "AWS::IAM::User", "Properties": {"Groups": [{"Ref": "Team"}]}},
        "Other": {"Type": "AWS::IAM::User", "Properties": {}},
        "Addition": {"Type": "AWS::IAM::UserToGroupAddition", "Properties": {
            "GroupName": {"Ref": "Team"}, "Users": extra_users}},
        "Key": {"Type": "AWS::IAM::AccessKey", "Properties": {
            "UserName": {"Ref": "Dev"}, "Status": status}},
    }, "Outputs": {
        "GroupArn": {"Value": {"Fn::GetAtt": ["Team", "Arn"]}},
        "KeyId": {"Value": {"Ref": "Key"}},
        "Secret": {"Value": {"Fn::GetAtt": ["Key", "SecretAccessKey"]}},
        "DevArn": {"Value": {"Fn::GetAtt": ["Dev", "Arn"]}},
    }}


def test_group_stack_memberships_and_a_key_that_signs(server: RunningServer, iam: Any) -> None:
    name = unique("grpstack")
    stack = deploy(server, _template("Active", [{"Ref": "Other"}]), name=name)
    group, dev, other = (stack.physical(x) for x in ("Team", "Dev", "Other"))
    got = iam.get_group(GroupName=group)
    assert got["Group"]["Arn"] == stack.outputs["GroupArn"]
    assert got["Group"]["Path"] == "/teams/"
    assert sorted(u["UserName"] for u in got["Users"]) == sorted([dev, other])
    assert iam.list_group_policies(GroupName=group)["PolicyNames"] == ["logs"]
    assert [p["PolicyArn"] for p in
            iam.list_attached_group_policies(GroupName=group)["AttachedPolicies"]] == [READ]
    sts = boto3.client("sts", endpoint_url=server.url, region_name="us-east-1",
                       aws_access_key_id=stack.outputs["KeyId"],
                       aws_secret_access_key=stack.outputs["Secret"])
    assert sts.get_caller_identity()["Arn"] == stack.outputs["DevArn"]

    deploy(server, _template("Inactive", []), name=name, update=True)
    assert [u["UserName"] for u in iam.get_group(GroupName=group)["Users"]] == [dev]
    keys = iam.list_access_keys(UserName=dev)["AccessKeyMetadata"]
    assert [(k["AccessKeyId"], k["Status"]) for k in keys] == \
        [(stack.outputs["KeyId"], "Inactive")]

    remove(server, name)
    for call in (lambda: iam.get_group(GroupName=group), lambda: iam.get_user(UserName=dev)):
        with pytest.raises(ClientError) as err:
            call()
        assert err.value.response["Error"]["Code"] == "NoSuchEntity"
