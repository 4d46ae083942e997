"""The console's Kinesis pages in a real browser: a record put in the browser shows in
its shard's newest records, as text and as base64; a record put since a LATEST read shows
when reading on."""

from __future__ import annotations

import base64
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.conftest import make_client
from tests.e2e.console.browser import shot, wait_for, wait_text
from tests.server import RunningServer


def test_put_a_record_and_read_the_shard_in_the_browser(server: RunningServer,
                                                        console: WebDriver) -> None:
    kinesis = make_client(server, "kinesis")
    name = f"console-s-{uuid.uuid4().hex[:8]}"
    kinesis.create_stream(StreamName=name, ShardCount=1)
    kinesis.get_waiter("stream_exists").wait(StreamName=name, WaiterConfig={"Delay": 0.2})
    kinesis.put_record(StreamName=name, PartitionKey="k", Data=b"from boto3")

    console.get(f"{server.url}/_cloudlet/console/streams")
    wait_for(console, f'tr[data-stream="{name}"] a').click()
    shard = wait_for(console, "#shards tr[data-shard]")
    shard.find_element(By.LINK_TEXT, "TRIM_HORIZON").click()
    assert "from boto3" in wait_for(console, "#records").text
    console.find_element(By.ID, "key").send_keys("player-1")
    console.find_element(By.ID, "data").send_keys('{"score": 42}')
    console.find_element(By.ID, "put-button").click()
    wait_text(console, ".notice", "Put record")
    records = console.find_element(By.ID, "records").text
    assert '{"score": 42}' in records and "player-1" in records  # the shard read again
    shot(console, "streams-records")
    console.find_element(By.LINK_TEXT, "base64").click()
    wait_text(console, "#records", base64.b64encode(b'{"score": 42}').decode())

    [got] = kinesis.list_shards(StreamName=name)["Shards"]
    it = kinesis.get_shard_iterator(StreamName=name, ShardId=got["ShardId"],
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    assert [r["Data"] for r in kinesis.get_records(ShardIterator=it)["Records"]] == [
        b"from boto3", b'{"score": 42}']


def test_reading_on_from_latest_shows_records_put_since(server: RunningServer,
                                                        console: WebDriver) -> None:
    kinesis = make_client(server, "kinesis")
    name = f"console-s-{uuid.uuid4().hex[:8]}"
    kinesis.create_stream(StreamName=name, ShardCount=1)
    kinesis.get_waiter("stream_exists").wait(StreamName=name, WaiterConfig={"Delay": 0.2})
    kinesis.put_record(StreamName=name, PartitionKey="k", Data=b"before")
    shard = kinesis.list_shards(StreamName=name)["Shards"][0]["ShardId"]
    console.get(f"{server.url}/_cloudlet/console/streams/{name}?shard={shard}&from=LATEST")
    assert "No records put since" in wait_for(console, "#records").text
    kinesis.put_record(StreamName=name, PartitionKey="k", Data=b"after")
    console.find_element(By.ID, "read-on").click()
    records = wait_for(console, "#records").text
    assert "after" in records and "before" not in records
