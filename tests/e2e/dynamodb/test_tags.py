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


def test_tag_resource_with_malformed_arn(ddb: Any) -> None:
    """An ARN that is not a DynamoDB table's: ValidationException (400)."""
    code, message, status = error_of(ddb.tag_resource, ResourceArn="arn:aws:s3:::bucket",
                                     Tags=[{"Key": "a", "Value": "1"}])
    assert (code, status) == ("ValidationException", 400)
    assert message == "Invalid TableArn: Invalid ResourceArn provided as input arn:aws:s3:::bucket"


def test_tag_resource_of_missing_table(ddb: Any, table: str) -> None:
    arn = _arn(ddb, table).replace(table, "nothere")
    code, _, status = error_of(ddb.tag_resource, ResourceArn=arn,
                               Tags=[{"Key": "a", "Value": "1"}])
    assert (code, status) == ("ResourceNotFoundException", 400)
