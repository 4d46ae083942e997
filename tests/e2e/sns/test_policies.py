"""Topic policies: AddPermission, RemovePermission, Get/PutDataProtectionPolicy.
https://docs.aws.amazon.com/sns/latest/api/API_AddPermission.html
https://docs.aws.amazon.com/sns/latest/api/API_RemovePermission.html
https://docs.aws.amazon.com/sns/latest/api/API_PutDataProtectionPolicy.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError


def _statements(sns: Any, topic: str) -> dict[str, Any]:
    policy = json.loads(sns.get_topic_attributes(TopicArn=topic)["Attributes"]["Policy"])
    return {s["Sid"]: s for s in policy["Statement"]}


def test_add_permission_adds_a_statement(sns: Any, topic: str) -> None:
    sns.add_permission(TopicArn=topic, Label="pub", AWSAccountId=["111111111111"],
                       ActionName=["Publish"])
    sns.add_permission(TopicArn=topic, Label="two", AWSAccountId=["111111111111", "222222222222"],
                       ActionName=["Publish", "Subscribe"])
    statements = _statements(sns, topic)
    assert "__default_statement_ID" in statements
    assert statements["pub"] == {"Sid": "pub", "Effect": "Allow",
                                 "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
                                 "Action": "SNS:Publish", "Resource": topic}
    assert statements["two"]["Action"] == ["SNS:Publish", "SNS:Subscribe"]
    assert len(statements["two"]["Principal"]["AWS"]) == 2
    with pytest.raises(ClientError) as err:
        sns.add_permission(TopicArn=topic, Label="pub", AWSAccountId=["111111111111"],
                           ActionName=["Publish"])
    assert err.value.response["Error"]["Code"] == "InvalidParameter"
    sns.remove_permission(TopicArn=topic, Label="pub")
    assert set(_statements(sns, topic)) == {"__default_statement_ID", "two"}


def test_add_permission_rejects_unknown_actions(sns: Any, topic: str) -> None:
    with pytest.raises(ClientError) as err:
        sns.add_permission(TopicArn=topic, Label="x", AWSAccountId=["111111111111"],
                           ActionName=["DoEverything"])
    assert err.value.response["Error"]["Code"] == "InvalidParameter"


def test_data_protection_policy_is_kept(sns: Any, topic: str) -> None:
    assert sns.get_data_protection_policy(ResourceArn=topic)["DataProtectionPolicy"] == ""
    policy = json.dumps({"Name": "p", "Version": "2021-06-01", "Statement": []})
    sns.put_data_protection_policy(ResourceArn=topic, DataProtectionPolicy=policy)
    assert sns.get_data_protection_policy(ResourceArn=topic)["DataProtectionPolicy"] == policy
    with pytest.raises(ClientError) as err:
        sns.put_data_protection_policy(ResourceArn=topic, DataProtectionPolicy="{bad")
    assert err.value.response["Error"]["Code"] == "InvalidParameter"
