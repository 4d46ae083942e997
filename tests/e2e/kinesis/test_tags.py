"""Tags on streams and consumers.

https://docs.aws.amazon.com/kinesis/latest/APIReference/API_AddTagsToStream.html
https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListTagsForStream.html
https://docs.aws.amazon.com/kinesis/latest/APIReference/API_TagResource.html
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.kinesis.conftest import error_of


def test_add_list_remove_tags_for_stream(kinesis: Any, new_stream: Callable[..., str]) -> None:
    """Tags are listed in key order, Limit at a time with HasMoreTags; adding a key
    again overwrites it."""
    name = new_stream(Tags={"a": "1"})
    kinesis.add_tags_to_stream(StreamName=name, Tags={"b": "2", "c": "3", "a": "9"})
    page = kinesis.list_tags_for_stream(StreamName=name, Limit=2)
    assert page["Tags"] == [{"Key": "a", "Value": "9"}, {"Key": "b", "Value": "2"}]
    assert page["HasMoreTags"] is True
    rest = kinesis.list_tags_for_stream(StreamName=name, ExclusiveStartTagKey="b")
    assert rest["Tags"] == [{"Key": "c", "Value": "3"}] and rest["HasMoreTags"] is False
    kinesis.remove_tags_from_stream(StreamName=name, TagKeys=["a", "missing"])
    keys = [t["Key"] for t in kinesis.list_tags_for_stream(StreamName=name)["Tags"]]
    assert keys == ["b", "c"]


def test_more_than_ten_tags_at_once_is_invalid(kinesis: Any,
                                               new_stream: Callable[..., str]) -> None:
    name = new_stream()
    with pytest.raises(ClientError) as err:
        kinesis.add_tags_to_stream(StreamName=name, Tags={f"k{i}": "v" for i in range(11)})
    assert error_of(err) == ("InvalidArgumentException", 400)


def test_more_than_fifty_tags_is_limit_exceeded(kinesis: Any,
                                                new_stream: Callable[..., str]) -> None:
    name = new_stream()
    for batch in range(5):
        kinesis.add_tags_to_stream(StreamName=name,
                                   Tags={f"k{batch}-{i}": "v" for i in range(10)})
    with pytest.raises(ClientError) as err:
        kinesis.add_tags_to_stream(StreamName=name, Tags={"one-more": "v"})
    assert error_of(err) == ("LimitExceededException", 400)


def test_tag_resource_by_arn(kinesis: Any, new_stream: Callable[..., str]) -> None:
    """TagResource/UntagResource/ListTagsForResource take a stream or a consumer ARN;
    the two kinds keep separate tags."""
    name = new_stream()
    arn = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
    kinesis.tag_resource(ResourceARN=arn, Tags={"env": "test", "team": "x"})
    kinesis.untag_resource(ResourceARN=arn, TagKeys=["team"])
    assert kinesis.list_tags_for_resource(ResourceARN=arn)["Tags"] == [
        {"Key": "env", "Value": "test"}]
    assert kinesis.list_tags_for_stream(StreamName=name)["Tags"] == [
        {"Key": "env", "Value": "test"}]
    consumer = kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="c",
                                                Tags={"kind": "efo"})["Consumer"]
    consumer_arn = consumer["ConsumerARN"]
    kinesis.tag_resource(ResourceARN=consumer_arn, Tags={"more": "yes"})
    assert kinesis.list_tags_for_resource(ResourceARN=consumer_arn)["Tags"] == [
        {"Key": "kind", "Value": "efo"}, {"Key": "more", "Value": "yes"}]
    assert kinesis.list_tags_for_resource(ResourceARN=arn)["Tags"] == [
        {"Key": "env", "Value": "test"}]


def test_tags_of_unknown_stream_arn_are_not_found(kinesis: Any, unique_name: str) -> None:
    arn = f"arn:aws:kinesis:us-east-1:000000000000:stream/{unique_name}"
    with pytest.raises(ClientError) as err:
        kinesis.list_tags_for_resource(ResourceARN=arn)
    assert error_of(err) == ("ResourceNotFoundException", 400)
