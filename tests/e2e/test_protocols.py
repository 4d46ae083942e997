"""The protocol layer as clients see it: routing, unknown and unimplemented operations,
malformed bodies, request ids, account and region keying."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.server import RunningServer

AUTH = ("AWS4-HMAC-SHA256 Credential=test/20261123/us-east-1/dynamodb/aws4_request, "
        "SignedHeaders=host, Signature=0")


def post(server: RunningServer, target: str, body: bytes) -> tuple[int, dict[str, str], Any]:
    request = urllib.request.Request(server.url + "/", data=body, method="POST", headers={
        "X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.0",
        "Authorization": AUTH})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), json.loads(error.read())


def test_an_operation_cloudlet_has_not_written_answers_501_naming_it(ddb: Any) -> None:
    with pytest.raises(ClientError) as err:
        ddb.describe_export(ExportArn="arn:aws:dynamodb:us-east-1:000000000000:table/t/export/e")
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert err.value.response["Error"]["Code"] == "NotImplemented"
    assert "not supported: dynamodb.DescribeExport" in err.value.response["Error"]["Message"]


def test_an_operation_the_service_does_not_have_is_unknown(server: RunningServer) -> None:
    status, _, body = post(server, "DynamoDB_20120810.MakeCoffee", b"{}")
    assert status == 400
    assert body["__type"].endswith("#UnknownOperationException")


def test_a_body_that_is_not_json_is_a_serialization_error(server: RunningServer) -> None:
    status, _, body = post(server, "DynamoDB_20120810.ListTables", b"{not json")
    assert status == 400
    assert body["__type"].endswith("#SerializationException")


def test_every_answer_carries_a_request_id(server: RunningServer) -> None:
    status, headers, _ = post(server, "DynamoDB_20120810.ListTables", b"{}")
    lowered = {k.lower(): v for k, v in headers.items()}
    assert status == 200
    assert len(lowered["x-amzn-requestid"]) == 36


def test_model_constraints_are_checked_before_the_handler(server: RunningServer) -> None:
    status, _, body = post(server, "DynamoDB_20120810.ListTables", b'{"Limit": 0}')
    assert status == 400
    assert body["__type"].endswith("#ValidationException")
    assert body["message"] == ("1 validation error detected: Value '0' at 'limit' failed to "
                               "satisfy constraint: Member must have value greater than or "
                               "equal to 1")


def test_accounts_and_regions_see_only_their_own_resources(server: RunningServer,
                                                           unique_name: str) -> None:
    mine = make_client(server, "dynamodb", access_key="111111111111")
    theirs = make_client(server, "dynamodb", access_key="222222222222")
    elsewhere = make_client(server, "dynamodb", access_key="111111111111", region="eu-west-1")
    mine.create_table(TableName=unique_name, BillingMode="PAY_PER_REQUEST",
                      AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                      KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])

    arn = mine.describe_table(TableName=unique_name)["Table"]["TableArn"]

    assert arn == f"arn:aws:dynamodb:us-east-1:111111111111:table/{unique_name}"
    assert unique_name not in theirs.list_tables()["TableNames"]
    assert unique_name not in elsewhere.list_tables()["TableNames"]
    functions = make_client(server, "lambda", access_key="222222222222").list_functions()
    assert all(":222222222222:" in f["FunctionArn"] for f in functions["Functions"])
