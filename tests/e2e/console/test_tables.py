"""The table pages in a real browser: the list, the item browser (scan, query by partition
key and by index, paging by URL), item edit/create/delete read back with boto3, TTL and
the stream records."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from tests.conftest import make_client
from tests.e2e.console.browser import shot, wait_for, wait_text
from tests.server import RunningServer

CONSOLE = "/_cloudlet/console"


@pytest.fixture
def table(server: RunningServer) -> tuple[Any, str]:
    """A table (pk S, sk N) with a GSI on ``owner``, a stream and TTL on ``expires``."""
    ddb = make_client(server, "dynamodb")
    name = f"console-{uuid.uuid4().hex[:10]}"
    ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "N"},
                              {"AttributeName": "owner", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[{"IndexName": "byOwner",
                                 "KeySchema": [{"AttributeName": "owner", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={
        "Enabled": True, "AttributeName": "expires"})
    return ddb, name


def put(ddb: Any, name: str, pk: str, sk: int, **extra: Any) -> None:
    item = {"pk": {"S": pk}, "sk": {"N": str(sk)}}
    item.update({k: {"S": v} for k, v in extra.items()})
    ddb.put_item(TableName=name, Item=item)


def rows(driver: WebDriver) -> list[str]:
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#items tr.item td.key")]


def set_item(driver: WebDriver, text: str) -> None:
    box = driver.find_element(By.ID, "item")
    box.clear()
    box.send_keys(text)
    driver.find_element(By.ID, "save").click()


def test_the_list_shows_status_items_keys_and_billing(
        server: RunningServer, console: WebDriver, table: tuple[Any, str]) -> None:
    ddb, name = table
    put(ddb, name, "a", 1)
    console.get(f"{server.url}{CONSOLE}/tables")
    row = wait_for(console, f'#tables tr[data-table="{name}"]')
    assert "ACTIVE" in row.text and "pk (partition), sk (sort)" in row.text
    assert "PAY_PER_REQUEST" in row.text
    assert row.find_element(By.CSS_SELECTOR, ".count").text == "1"
    shot(console, "tables-list")
    row.find_element(By.LINK_TEXT, name).click()
    wait_for(console, "#items")
    assert rows(console) == ["a", "1"]


def test_an_item_edited_in_the_browser_reads_back_with_boto3(
        server: RunningServer, console: WebDriver, table: tuple[Any, str]) -> None:
    ddb, name = table
    put(ddb, name, "p1", 7, colour="red")
    console.get(f"{server.url}{CONSOLE}/tables/{name}")
    wait_for(console, "#items .edit").click()
    box = wait_for(console, "#item")
    assert json.loads(box.get_attribute("value") or "") == {"pk": "p1", "sk": 7, "colour": "red"}
    set_item(console, json.dumps({"pk": "p1", "sk": 7, "colour": "blue", "size": 3,
                                  "tags": ["x", True, None]}))
    wait_text(console, ".notice", "The item was saved.")
    item = ddb.get_item(TableName=name, Key={"pk": {"S": "p1"}, "sk": {"N": "7"}})["Item"]
    assert item == {"pk": {"S": "p1"}, "sk": {"N": "7"}, "colour": {"S": "blue"},
                    "size": {"N": "3"},
                    "tags": {"L": [{"S": "x"}, {"BOOL": True}, {"NULL": True}]}}
    # the DynamoDB JSON form of the same page keeps a string set
    console.get(f"{server.url}{CONSOLE}/tables/{name}?json=ddb")
    wait_for(console, "#items .edit").click()
    shown = json.loads(wait_for(console, "#item").get_attribute("value") or "")
    assert shown["size"] == {"N": "3"}
    shown["labels"] = {"SS": ["a", "b"]}
    set_item(console, json.dumps(shown))
    wait_text(console, ".notice", "The item was saved.")
    item = ddb.get_item(TableName=name, Key={"pk": {"S": "p1"}, "sk": {"N": "7"}})["Item"]
    assert sorted(item["labels"]["SS"]) == ["a", "b"]
    shot(console, "tables-items-ddb-json")
    # a set does not survive the plain form: the editor falls back to DynamoDB JSON
    console.get(f"{server.url}{CONSOLE}/tables/{name}")
    wait_for(console, "#items .edit").click()
    assert "only DynamoDB JSON keeps" in wait_for(console, ".notice").text
    assert json.loads(wait_for(console, "#item").get_attribute("value") or "")["labels"]["SS"]


def test_an_invalid_item_shows_the_api_message_and_stores_nothing(
        server: RunningServer, console: WebDriver, table: tuple[Any, str]) -> None:
    ddb, name = table
    console.get(f"{server.url}{CONSOLE}/tables/{name}/item?json=ddb")
    wait_for(console, "#item")
    set_item(console, json.dumps({"pk": {"S": "x"}, "sk": {"S": "not a number"}}))
    error = wait_for(console, ".error")
    assert "ValidationException" in error.text
    assert "One or more parameter values were invalid" in error.text
    shot(console, "tables-invalid-item")
    set_item(console, "{not json")
    assert "not valid JSON" in wait_for(console, ".error").text
    assert ddb.scan(TableName=name)["Count"] == 0
    # a new item with the key of one that exists is refused (nothing is overwritten)
    put(ddb, name, "x", 1, colour="red")
    console.get(f"{server.url}{CONSOLE}/tables/{name}/item")
    set_item(console, json.dumps({"pk": "x", "sk": 1, "colour": "green"}))
    assert "ConditionalCheckFailedException" in wait_for(console, ".error").text
    item = ddb.get_item(TableName=name, Key={"pk": {"S": "x"}, "sk": {"N": "1"}})["Item"]
    assert item["colour"] == {"S": "red"}


def test_create_and_delete_items(
        server: RunningServer, console: WebDriver, table: tuple[Any, str]) -> None:
    ddb, name = table
    console.get(f"{server.url}{CONSOLE}/tables/{name}")
    wait_for(console, "#create").click()
    set_item(console, json.dumps({"pk": "new", "sk": 2, "owner": "ann"}))
    wait_text(console, ".notice", "The item was saved.")
    assert ddb.get_item(TableName=name, Key={"pk": {"S": "new"}, "sk": {"N": "2"}})["Item"]
    console.find_element(By.CSS_SELECTOR, "#items .delete").click()
    wait_text(console, ".notice", "The item was deleted.")
    assert ddb.scan(TableName=name)["Count"] == 0


def test_query_by_partition_key_and_by_index(
        server: RunningServer, console: WebDriver, table: tuple[Any, str]) -> None:
    ddb, name = table
    for sk in range(1, 6):
        put(ddb, name, "alice", sk, owner="zed" if sk % 2 else "yan")
    put(ddb, name, "bob", 1, owner="zed")
    console.get(f"{server.url}{CONSOLE}/tables/{name}")
    wait_for(console, "#mode-query").click()
    console.find_element(By.ID, "pk").send_keys("alice")
    Select(console.find_element(By.ID, "skop")).select_by_value("between")
    console.find_element(By.ID, "sk").send_keys("2")
    console.find_element(By.ID, "sk2").send_keys("4")
    console.find_element(By.ID, "run").click()
    wait_text(console, "#counts", "Query: 3 items")
    assert rows(console) == ["alice", "2", "alice", "3", "alice", "4"]
    assert "mode=query" in console.current_url and "skop=between" in console.current_url
    shot(console, "tables-query")
    # the index, with a filter expression using names and values
    console.get(f"{server.url}{CONSOLE}/tables/{name}")
    wait_for(console, "#mode-query").click()
    Select(console.find_element(By.ID, "index")).select_by_value("byOwner")
    console.find_element(By.ID, "pk").send_keys("zed")
    console.find_element(By.ID, "filter").send_keys("#p = :p")
    console.find_element(By.ID, "names").send_keys('{"#p": "pk"}')
    console.find_element(By.ID, "values").send_keys('{":p": {"S": "alice"}}')
    console.find_element(By.ID, "run").click()
    wait_text(console, "#counts", "Query: 3 items returned, 4 scanned")
    assert sorted(rows(console)[1::2]) == ["1", "3", "5"]
    # an error of the API, as it gives it
    console.get(f"{server.url}{CONSOLE}/tables/{name}?mode=query&index=nope&pk=x")
    assert "ValidationException" in wait_for(console, ".error").text


def test_paging_through_30_items_with_limit_10_by_url(
        server: RunningServer, console: WebDriver, table: tuple[Any, str]) -> None:
    ddb, name = table
    for sk in range(30):
        put(ddb, name, "p", sk)
    console.get(f"{server.url}{CONSOLE}/tables/{name}?mode=query&pk=p&limit=10")
    seen: list[str] = []
    urls = []
    for _ in range(3):
        wait_for(console, "#items")
        seen += rows(console)[1::2]
        urls.append(console.current_url)
        console.find_element(By.ID, "next").click()
    wait_for(console, "#items")
    assert rows(console) == [] or console.find_elements(By.ID, "next") == []
    assert seen == [str(n) for n in range(30)]
    console.get(urls[1])  # a page's URL is shareable: the same ten items again
    wait_for(console, "#items")
    assert rows(console)[1::2] == [str(n) for n in range(10, 20)]
    assert console.find_element(By.ID, "first")


def test_indexes_ttl_and_stream_records(
        server: RunningServer, console: WebDriver, table: tuple[Any, str]) -> None:
    ddb, name = table
    put(ddb, name, "s", 1, colour="red")
    put(ddb, name, "s", 1, colour="blue")
    console.get(f"{server.url}{CONSOLE}/tables/{name}?tab=indexes")
    row = wait_for(console, '#indexes tr[data-index="byOwner"]')
    assert "Global" in row.text and "owner (partition)" in row.text and "ALL" in row.text
    console.get(f"{server.url}{CONSOLE}/tables/{name}?tab=ttl")
    assert wait_for(console, "#ttl-status").text == "ENABLED"
    assert console.find_element(By.ID, "ttl-attribute").text == "expires"
    console.get(f"{server.url}{CONSOLE}/tables/{name}?tab=stream")
    events = [e.text for e in wait_for(console, "#records").find_elements(By.CSS_SELECTOR, ".event")]
    assert events == ["MODIFY", "INSERT"]
    assert '"blue"' in console.find_element(By.CSS_SELECTOR, "#records tr.record").text
    shot(console, "tables-stream")


def test_a_missing_table(server: RunningServer, console: WebDriver) -> None:
    console.get(f"{server.url}{CONSOLE}/tables/no-such-table-{uuid.uuid4().hex[:6]}")
    assert "ResourceNotFoundException" in wait_for(console, ".error").text
