"""The item browser's pure logic: DynamoDB JSON and plain forms, keys in URLs, and the
Scan/Query request built from a page's query."""

from __future__ import annotations

import pytest

from cloudlet.console.tables_items import (
    BadJson,
    decode_key,
    encode_key,
    item_to_plain,
    item_to_wire,
    plain_safe,
    read_item,
)
from cloudlet.console.tables_query import Browse, key_of, request

ITEM = {"pk": {"S": "a"}, "n": {"N": "1.5"}, "i": {"N": "10"}, "b": {"B": b"\x00\x01"},
        "m": {"M": {"l": {"L": [{"NULL": True}, {"BOOL": False}]}}}, "ss": {"SS": ["x"]}}

TABLE = {"TableName": "t",
         "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "N"},
                                  {"AttributeName": "o", "AttributeType": "S"}],
         "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                       {"AttributeName": "sk", "KeyType": "RANGE"}],
         "GlobalSecondaryIndexes": [{"IndexName": "byO",
                                     "KeySchema": [{"AttributeName": "o", "KeyType": "HASH"}]}]}


def test_the_plain_form_follows_the_type_deserializer_in_json() -> None:
    assert item_to_plain(ITEM) == {"pk": "a", "n": 1.5, "i": 10, "b": "AAE=",
                                   "m": {"l": [None, False]}, "ss": ["x"]}
    assert item_to_wire(ITEM)["b"] == {"B": "AAE="}
    assert not plain_safe(ITEM)
    assert plain_safe({"pk": {"S": "a"}, "m": {"M": {"n": {"N": "1"}}}})


def test_read_item_in_either_form() -> None:
    assert read_item('{"pk": "a", "n": 1.50, "ok": true, "no": null, "l": [1, "x"]}', "plain") == {
        "pk": {"S": "a"}, "n": {"N": "1.50"}, "ok": {"BOOL": True}, "no": {"NULL": True},
        "l": {"L": [{"N": "1"}, {"S": "x"}]}}
    # DynamoDB JSON goes to the API as written: the API judges {"N": 2}
    assert read_item('{"pk": {"S": "a"}, "n": {"N": 2}}', "ddb") == {"pk": {"S": "a"},
                                                                   "n": {"N": 2}}
    with pytest.raises(BadJson, match="not valid JSON"):
        read_item("{", "plain")
    with pytest.raises(BadJson, match="must be a JSON object"):
        read_item("[]", "ddb")


def test_a_key_round_trips_through_its_url_text() -> None:
    key = {"pk": {"S": "a/b?&"}, "sk": {"B": b"\xff"}}
    token = encode_key(key)
    assert token.replace("-", "").replace("_", "").isalnum()
    assert decode_key(token) == {"pk": {"S": "a/b?&"}, "sk": {"B": "/w=="}}
    with pytest.raises(BadJson):
        decode_key("not a key!")


def test_a_query_with_a_sort_key_condition_and_a_filter() -> None:
    browse = Browse.of({"mode": "query", "pk": "u1", "skop": "between", "sk": "1", "sk2": "5",
                        "filter": "#s = :s", "names": '{"#s": "state"}',
                        "values": '{":s": {"S": "open"}}', "limit": "10"})
    operation, params = request(TABLE, browse)
    assert operation == "Query"
    assert params == {
        "TableName": "t", "Limit": 10, "FilterExpression": "#s = :s",
        "KeyConditionExpression": "#kp = :kp AND #ks BETWEEN :ks AND :ks2",
        "ExpressionAttributeNames": {"#s": "state", "#kp": "pk", "#ks": "sk"},
        "ExpressionAttributeValues": {":s": {"S": "open"}, ":kp": {"S": "u1"},
                                      ":ks": {"N": "1"}, ":ks2": {"N": "5"}}}
    op, params = request(TABLE, Browse.of({"mode": "query", "index": "byO", "pk": "z",
                                           "skop": "begins_with", "sk": "ignored"}))
    assert params["KeyConditionExpression"] == "#kp = :kp"
    assert params["IndexName"] == "byO" and params["ExpressionAttributeNames"] == {"#kp": "o"}
    assert key_of(TABLE, "byO")[1] is None


def test_a_scan_page_and_the_links_that_keep_it() -> None:
    token = encode_key({"pk": {"S": "a"}, "sk": {"N": "3"}})
    browse = Browse.of({"start": token, "json": "ddb", "skop": "nonsense"})
    assert browse.skop == "="
    operation, params = request(TABLE, browse)
    assert (operation, params["ExclusiveStartKey"]) == ("Scan", {"pk": {"S": "a"},
                                                                  "sk": {"N": "3"}})
    assert browse.link(start="") == {"json": "ddb"}
    with pytest.raises(BadJson, match="whole number"):
        request(TABLE, Browse.of({"limit": "ten"}))
    with pytest.raises(BadJson, match="ExpressionAttributeNames"):
        request(TABLE, Browse.of({"names": "[1]"}))
