"""AWS service integrations: DynamoDB actions run with the integration's role.

https://docs.aws.amazon.com/apigateway/latest/developerguide/integrating-api-with-aws-services-dynamodb.html
https://docs.aws.amazon.com/apigateway/latest/api/API_Integration.html
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.gateway_mapping.conftest import call

ROLE = "arn:aws:iam::000000000000:role/apigateway-dynamodb"


def action(name: str) -> str:
    return f"arn:aws:apigateway:us-east-1:dynamodb:action/{name}"


@pytest.fixture
def table(ddb: Any) -> Iterator[str]:
    name = "map" + uuid.uuid4().hex[:10]
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                           {"AttributeName": "sk", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                {"AttributeName": "sk", "KeyType": "RANGE"}])
    yield name
    ddb.delete_table(TableName=name)


def test_put_item_writes_what_the_template_builds(server: Any, new_api: Any, ddb: Any,
                                                  table: str) -> None:
    template = ('{"TableName": "TABLE", "Item": {"pk": {"S": "$input.params(\'game\')"},'
                ' "sk": {"S": "$input.path(\'$.player\')"}}}').replace("TABLE", table)
    api = new_api()
    api.method("/games/{game}", "POST", "AWS", action("PutItem"), credentials=ROLE,
               requestTemplates={"application/json": template},
               responses={"200": {"selectionPattern": "",
                                  "responseTemplates": {"application/json": '{"saved": true}'}}})
    api.deploy()
    reply = call(server, api.id, "/games/g1", "POST", body=b'{"player": "ann"}',
                 headers=[("Content-Type", "application/json")])
    assert reply.status == 200, reply.body
    assert reply.json() == {"saved": True}
    item = ddb.get_item(TableName=table, Key={"pk": {"S": "g1"}, "sk": {"S": "ann"}})
    assert item["Item"] == {"pk": {"S": "g1"}, "sk": {"S": "ann"}}


def test_query_result_is_mapped_by_the_response_template(server: Any, new_api: Any, ddb: Any,
                                                         table: str) -> None:
    for player in ("ann", "bob"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "g2"}, "sk": {"S": player}})
    request = ('{"TableName": "TABLE", "KeyConditionExpression": "pk = :g",'
               ' "ExpressionAttributeValues": {":g": {"S": "$input.params(\'game\')"}}}'
               ).replace("TABLE", table)
    response = ('#set($items = $input.path(\'$.Items\'))[#foreach($i in $items)'
                '"$i.sk.S"#if($foreach.hasNext),#end#end]')
    api = new_api()
    api.method("/games/{game}", "GET", "AWS", action("Query"), credentials=ROLE,
               requestTemplates={"application/json": request},
               responses={"200": {"selectionPattern": "",
                                  "responseTemplates": {"application/json": response}}})
    api.deploy()
    reply = call(server, api.id, "/games/g2")
    assert reply.status == 200, reply.body
    assert reply.json() == ["ann", "bob"]


def test_service_error_status_selects_the_integration_response(server: Any,
                                                               new_api: Any) -> None:
    request = '{"TableName": "no-such-table", "Key": {"pk": {"S": "x"}, "sk": {"S": "y"}}}'
    api = new_api()
    api.method("/", "GET", "AWS", action("GetItem"), credentials=ROLE,
               requestTemplates={"application/json": request},
               responses={
                   "200": {"selectionPattern": ""},
                   "400": {"selectionPattern": "4\\d{2}",
                           "responseTemplates": {"application/json":
                                                 '{"type": "$input.path(\'$.__type\')"}'}},
               })
    api.deploy()
    reply = call(server, api.id, "/")
    assert reply.status == 400
    assert reply.json()["type"].endswith("ResourceNotFoundException")


def test_unserved_service_action_is_500_not_supported(server: Any, new_api: Any) -> None:
    api = new_api()
    api.method("/", "GET", "AWS", "arn:aws:apigateway:us-east-1:firehose:action/PutRecord",
               credentials=ROLE, responses={"200": {"selectionPattern": ""}})
    api.deploy()
    reply = call(server, api.id, "/")
    assert reply.status == 500
    assert reply.json() == {"message": "not supported: service integration firehose:PutRecord"}
