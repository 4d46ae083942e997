"""TagQueue, UntagQueue, ListQueueTags, AddPermission and RemovePermission.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_TagQueue.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_AddPermission.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.sqs.conftest import error_of, fresh_name


def test_tags_are_added_listed_and_removed(sqs: Any) -> None:
    url = sqs.create_queue(QueueName=fresh_name(), tags={"team": "a"})["QueueUrl"]
    sqs.tag_queue(QueueUrl=url, Tags={"env": "dev", "team": "b"})
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"team": "b", "env": "dev"}
    sqs.untag_queue(QueueUrl=url, TagKeys=["team"])
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"env": "dev"}


def test_more_than_50_tags_is_invalid(sqs: Any, queue: str) -> None:
    with pytest.raises(ClientError) as err:
        sqs.tag_queue(QueueUrl=queue, Tags={f"k{i}": "v" for i in range(51)})
    assert error_of(err) == ("InvalidParameterValue", 400)


def test_permissions_become_policy_statements(sqs: Any, queue: str) -> None:
    """AddPermission adds a statement under its label; RemovePermission takes it away."""
    sqs.add_permission(QueueUrl=queue, Label="send", AWSAccountIds=["111111111111"],
                       Actions=["SendMessage"])
    policy = json.loads(sqs.get_queue_attributes(
        QueueUrl=queue, AttributeNames=["Policy"])["Attributes"]["Policy"])
    assert policy["Statement"][0]["Sid"] == "send"
    assert policy["Statement"][0]["Action"] == ["SQS:SendMessage"]
    with pytest.raises(ClientError) as err:
        sqs.add_permission(QueueUrl=queue, Label="send", AWSAccountIds=["111111111111"],
                           Actions=["SendMessage"])
    assert error_of(err) == ("InvalidParameterValue", 400)
    sqs.remove_permission(QueueUrl=queue, Label="send")
    attrs = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    assert "Policy" not in attrs
    with pytest.raises(ClientError) as err:
        sqs.remove_permission(QueueUrl=queue, Label="send")
    assert error_of(err) == ("InvalidParameterValue", 400)
