"""TagResource, UntagResource, ListTagsOfResource.
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Tagging.html"""

from __future__ import annotations

from typing import Any

from tests.e2e.dynamodb.support import error_of


def _arn(ddb: Any, table: str) -> str:
    return ddb.describe_table(TableName=table)["Table"]["TableArn"]  # type: ignore[no-any-return]


def test_tag_list_untag(ddb: Any, table: str) -> None:
    arn = _arn(ddb, table)
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "3"}])
    tags = ddb.list_tags_of_resource(ResourceArn=arn)["Tags"]
    assert sorted((t["Key"], t["Value"]) for t in tags) == [("a", "3"), ("b", "2")]
    ddb.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "b", "Value": "2"}]


def test_tags_of_unknown_table(ddb: Any, table: str) -> None:
    arn = _arn(ddb, table).replace(table, "nothere")
    assert error_of(ddb.list_tags_of_resource, ResourceArn=arn)[0] == "ResourceNotFoundException"


def test_at_most_50_tags(ddb: Any, table: str) -> None:
    arn = _arn(ddb, table)
    tags = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    assert error_of(ddb.tag_resource, ResourceArn=arn, Tags=tags)[0] in (
        "LimitExceededException", "ValidationException")
