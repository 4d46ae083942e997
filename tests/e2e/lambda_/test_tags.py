"""TagResource, UntagResource, ListTags on functions.
https://docs.aws.amazon.com/lambda/latest/api/API_TagResource.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.lambda_.conftest import CreateFn


def test_tags_are_added_listed_and_removed(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(Tags={"a": "1"})
    arn = f"arn:aws:lambda:us-east-1:000000000000:function:{name}"
    lambda_client.tag_resource(Resource=arn, Tags={"b": "2"})
    assert lambda_client.list_tags(Resource=arn)["Tags"] == {"a": "1", "b": "2"}
    lambda_client.untag_resource(Resource=arn, TagKeys=["a"])
    assert lambda_client.list_tags(Resource=arn)["Tags"] == {"b": "2"}


def test_tagging_a_missing_function_is_404(lambda_client: Any) -> None:
    with pytest.raises(ClientError) as err:
        lambda_client.list_tags(Resource="arn:aws:lambda:us-east-1:000000000000:function:none")
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
