"""AWS managed policies' real documents: GetPolicy / GetPolicyVersion answer AWS's default
version, and policy evaluation uses it.
https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

POLICIES = {
    "service-role/AWSLambdaBasicExecutionRole": ("v1", "logs:CreateLogGroup"),
    "service-role/AWSLambdaSQSQueueExecutionRole": ("v1", "sqs:ReceiveMessage"),
    "service-role/AWSLambdaVPCAccessExecutionRole": ("v3", "ec2:CreateNetworkInterface"),
    "AWSLambda_FullAccess": ("v7", "lambda:*"),
    "AmazonDynamoDBReadOnlyAccess": ("v15", "dynamodb:GetItem"),
    "AmazonS3FullAccess": ("v2", "s3:*"),
    "AmazonSQSFullAccess": ("v1", "sqs:*"),
    "service-role/AWSCodeDeployRoleForLambda": ("v3", "lambda:UpdateAlias"),
}


def _actions(document: dict[str, Any]) -> set[str]:
    statements = document["Statement"]
    out: set[str] = set()
    for statement in statements if isinstance(statements, list) else [statements]:
        action = statement.get("Action", [])
        out |= {action} if isinstance(action, str) else set(action)
    return out


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_get_policy_version_answers_the_real_document(iam: Any, name: str) -> None:
    arn = f"arn:aws:iam::aws:policy/{name}"
    version, action = POLICIES[name]
    policy = iam.get_policy(PolicyArn=arn)["Policy"]
    assert policy["DefaultVersionId"] == version
    got = iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]
    assert got["IsDefaultVersion"] is True and got["CreateDate"].year >= 2015
    assert action in _actions(got["Document"])


def test_a_policy_without_a_shipped_document_is_not_supported(iam: Any) -> None:
    arn = "arn:aws:iam::aws:policy/AmazonEC2FullAccess"
    assert iam.get_policy(PolicyArn=arn)["Policy"]["PolicyName"] == "AmazonEC2FullAccess"
    with pytest.raises(ClientError) as err:
        iam.get_policy_version(PolicyArn=arn, VersionId="v1")
    assert "not supported" in err.value.response["Error"]["Message"]


def test_policies_newer_than_the_name_list_attach(iam: Any) -> None:
    arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicDurableExecutionRolePolicy"
    assert iam.get_policy(PolicyArn=arn)["Policy"]["Path"] == "/service-role/"
