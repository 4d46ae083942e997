"""Log groups: CreateLogGroup, DescribeLogGroups, DeleteLogGroup, retention.
https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError


def test_created_group_is_described_with_arn_and_creation_time(logs_client: Any, group: str) -> None:
    found = logs_client.describe_log_groups(logGroupNamePrefix=group)["logGroups"]
    assert [g["logGroupName"] for g in found] == [group]
    assert found[0]["arn"] == f"arn:aws:logs:us-east-1:000000000000:log-group:{group}:*"
    assert found[0]["logGroupArn"] == f"arn:aws:logs:us-east-1:000000000000:log-group:{group}"
    assert found[0]["creationTime"] > 0
    assert "retentionInDays" not in found[0]


def test_creating_an_existing_group_fails(logs_client: Any, group: str) -> None:
    with pytest.raises(ClientError) as err:
        logs_client.create_log_group(logGroupName=group)
    assert err.value.response["Error"]["Code"] == "ResourceAlreadyExistsException"
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_deleting_a_missing_group_is_resource_not_found(logs_client: Any) -> None:
    with pytest.raises(ClientError) as err:
        logs_client.delete_log_group(logGroupName="/no/such/group")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert err.value.response["Error"]["Message"] == "The specified log group does not exist."


def test_deleted_group_is_gone(logs_client: Any) -> None:
    name = f"/gone/{uuid.uuid4().hex}"
    logs_client.create_log_group(logGroupName=name)
    logs_client.delete_log_group(logGroupName=name)
    assert logs_client.describe_log_groups(logGroupNamePrefix=name)["logGroups"] == []


def test_describe_pages_with_limit_and_next_token(logs_client: Any) -> None:
    prefix = f"/page/{uuid.uuid4().hex[:8]}/"
    names = [f"{prefix}{i:02d}" for i in range(5)]
    for name in names:
        logs_client.create_log_group(logGroupName=name)
    first = logs_client.describe_log_groups(logGroupNamePrefix=prefix, limit=2)
    assert [g["logGroupName"] for g in first["logGroups"]] == names[:2]
    seen = [g["logGroupName"] for page in logs_client.get_paginator("describe_log_groups")
            .paginate(logGroupNamePrefix=prefix, PaginationConfig={"PageSize": 2})
            for g in page["logGroups"]]
    assert seen == names


def test_group_identifiers_find_groups_beyond_the_first_page(logs_client: Any) -> None:
    prefix = f"/ids/{uuid.uuid4().hex[:8]}/"
    names = [f"{prefix}{i:02d}" for i in range(4)]
    for name in names:
        logs_client.create_log_group(logGroupName=name)
    arn = logs_client.describe_log_groups(logGroupNamePrefix=names[3])["logGroups"][0]["logGroupArn"]
    found = logs_client.describe_log_groups(logGroupIdentifiers=[names[2], arn], limit=1)
    assert [g["logGroupName"] for g in found["logGroups"]] == [names[2]]
    rest = logs_client.describe_log_groups(logGroupIdentifiers=[names[2], arn], limit=1,
                                           nextToken=found["nextToken"])
    assert [g["logGroupName"] for g in rest["logGroups"]] == [names[3]]
    assert "nextToken" not in rest


def test_name_pattern_matches_a_substring_case_insensitively(logs_client: Any) -> None:
    marker = uuid.uuid4().hex[:10]
    logs_client.create_log_group(logGroupName=f"/x/{marker}/Service-A")
    found = logs_client.describe_log_groups(logGroupNamePattern=f"{marker}/service")["logGroups"]
    assert [g["logGroupName"] for g in found] == [f"/x/{marker}/Service-A"]


def test_retention_policy_is_shown_and_removed(logs_client: Any, group: str) -> None:
    logs_client.put_retention_policy(logGroupName=group, retentionInDays=7)
    assert logs_client.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]["retentionInDays"] == 7
    logs_client.delete_retention_policy(logGroupName=group)
    assert "retentionInDays" not in logs_client.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]


def test_retention_must_be_an_allowed_number_of_days(logs_client: Any, group: str) -> None:
    with pytest.raises(ClientError) as err:
        logs_client.put_retention_policy(logGroupName=group, retentionInDays=2)
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"
    assert "retentionInDays" in err.value.response["Error"]["Message"]


def test_tags_are_added_listed_and_removed_by_arn(logs_client: Any, group: str) -> None:
    arn = f"arn:aws:logs:us-east-1:000000000000:log-group:{group}"
    logs_client.tag_resource(resourceArn=arn, tags={"team": "a", "env": "dev"})
    assert logs_client.list_tags_for_resource(resourceArn=arn)["tags"] == {"team": "a", "env": "dev"}
    logs_client.untag_resource(resourceArn=arn, tagKeys=["env"])
    assert logs_client.list_tags_for_resource(resourceArn=arn)["tags"] == {"team": "a"}


def test_groups_belong_to_an_account_and_region(server: Any, group: str) -> None:
    from tests.conftest import make_client

    other_account = make_client(server, "logs", access_key="111122223333")
    other_region = make_client(server, "logs", region="eu-west-1")
    assert other_account.describe_log_groups(logGroupNamePrefix=group)["logGroups"] == []
    assert other_region.describe_log_groups(logGroupNamePrefix=group)["logGroups"] == []
