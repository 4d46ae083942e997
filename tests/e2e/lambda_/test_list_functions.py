"""ListFunctions: every function of the account and region, paginated.
https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html
"""

from __future__ import annotations

import base64
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.lambda_.conftest import CreateFn
from tests.server import RunningServer


def test_pages_with_max_items_and_next_marker(server: RunningServer, create_function: CreateFn) -> None:
    client = make_client(server, "lambda", region="ap-south-1")
    names = sorted(create_function(client=client) for _ in range(5))
    first = client.list_functions(MaxItems=2)
    assert [f["FunctionName"] for f in first["Functions"]] == names[:2]
    assert first["NextMarker"]
    second = client.list_functions(MaxItems=2, Marker=first["NextMarker"])
    assert [f["FunctionName"] for f in second["Functions"]] == names[2:4]
    pages = client.get_paginator("list_functions").paginate(PaginationConfig={"PageSize": 2})
    assert [f["FunctionName"] for p in pages for f in p["Functions"]] == names


def test_all_versions_lists_published_versions(server: RunningServer, create_function: CreateFn) -> None:
    client = make_client(server, "lambda", region="ap-southeast-2")
    name = create_function(client=client)
    client.publish_version(FunctionName=name)
    listed = client.list_functions(FunctionVersion="ALL")["Functions"]
    assert [(f["FunctionName"], f["Version"]) for f in listed] == [(name, "$LATEST"), (name, "1")]
    assert [f["Version"] for f in client.list_functions()["Functions"]] == ["$LATEST"]


def test_list_shows_full_configurations(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function()
    found = [f for f in lambda_client.list_functions(MaxItems=1000)["Functions"]
             if f["FunctionName"] == name]
    assert found and found[0]["Runtime"] == "python3.12"
    assert "State" not in found[0]  # AWS lists configurations without their state


def test_a_marker_that_is_not_a_position_is_invalid(lambda_client: Any) -> None:
    negative = base64.urlsafe_b64encode(b"-2").decode()
    for marker in ("not-a-marker!", negative):
        with pytest.raises(ClientError) as err:
            lambda_client.list_functions(Marker=marker)
        assert err.value.response["Error"]["Code"] == "InvalidParameterValueException"
        assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
