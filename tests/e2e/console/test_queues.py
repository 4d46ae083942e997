"""The console's queue pages in a real browser: send a message, peek it (it stays
visible), read it with boto3, purge, and the dead-letter relation with its redrive."""

from __future__ import annotations

import json
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.conftest import make_client
from tests.e2e.console.browser import shot, wait_for, wait_text
from tests.server import RunningServer


def test_send_peek_and_purge_a_queue_in_the_browser(server: RunningServer,
                                                    console: WebDriver) -> None:
    sqs = make_client(server, "sqs")
    name = f"console-q-{uuid.uuid4().hex[:8]}"
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    console.get(f"{server.url}/_cloudlet/console/queues/{name}")
    wait_for(console, "#send")
    console.find_element(By.ID, "body").send_keys('{"hello": "from the console"}')
    console.find_element(By.ID, "attributes").send_keys("colour=blue\ncount:Number=3")
    console.find_element(By.ID, "send-button").click()
    wait_text(console, ".notice", "Sent message")

    console.find_element(By.ID, "peek-button").click()
    wait_for(console, "#messages")
    assert "from the console" in console.find_element(By.ID, "messages").text
    assert "colour" in console.find_element(By.ID, "messages").text
    assert "visibility timeout of 0" in console.page_source
    shot(console, "queues-peek")

    got = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"], WaitTimeSeconds=1)
    [message] = got["Messages"]  # the peek left it visible
    assert json.loads(message["Body"]) == {"hello": "from the console"}
    assert message["MessageAttributes"]["count"] == {"DataType": "Number", "StringValue": "3"}
    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"],
                                  VisibilityTimeout=0)

    console.get(f"{server.url}/_cloudlet/console/queues/{name}")
    console.find_element(By.ID, "purge-button").click()  # not confirmed: refused
    assert "Type purge to confirm" in wait_for(console, ".error").text
    console.find_element(By.ID, "confirm").send_keys("purge")
    console.find_element(By.ID, "purge-button").click()
    wait_text(console, ".notice", f"Purged {name}")
    assert "Messages" not in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0)


def test_the_list_shows_depths_and_dead_letter_queues_and_redrives(
        server: RunningServer, console: WebDriver) -> None:
    sqs = make_client(server, "sqs")
    tag = uuid.uuid4().hex[:8]
    dlq_url = sqs.create_queue(QueueName=f"cq{tag}-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    src_url = sqs.create_queue(QueueName=f"cq{tag}-src", Attributes={"RedrivePolicy": json.dumps(
        {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 3})})["QueueUrl"]
    for n in range(2):
        sqs.send_message(QueueUrl=src_url, MessageBody=f"m{n}")
    sqs.send_message(QueueUrl=dlq_url, MessageBody="dead")

    console.get(f"{server.url}/_cloudlet/console/queues?prefix=cq{tag}")
    row = wait_for(console, f'tr[data-queue="cq{tag}-src"]')
    assert row.find_elements(By.CSS_SELECTOR, "td.depth")[0].text == "2"
    assert f"cq{tag}-dlq" in row.text and "after 3 receives" in row.text
    shot(console, "queues-list")

    row.find_element(By.LINK_TEXT, f"cq{tag}-dlq").click()
    assert f"cq{tag}-src" in wait_for(console, "#sources").text
    src_arn = sqs.get_queue_attributes(QueueUrl=src_url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    console.find_element(By.ID, "destination").send_keys(src_arn)  # "dead" was never dead-lettered
    console.find_element(By.ID, "redrive-button").click()
    wait_text(console, ".notice", "Started redrive task")
    moved = sqs.receive_message(QueueUrl=src_url, MaxNumberOfMessages=10, WaitTimeSeconds=5)
    bodies = {m["Body"] for m in moved.get("Messages", [])}
    for _ in range(10):
        if "dead" in bodies:
            break
        more = sqs.receive_message(QueueUrl=src_url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        bodies |= {m["Body"] for m in more.get("Messages", [])}
    assert "dead" in bodies


def test_a_fifo_queue_takes_a_group_and_deduplication_id(server: RunningServer,
                                                         console: WebDriver) -> None:
    sqs = make_client(server, "sqs")
    name = f"console-q-{uuid.uuid4().hex[:8]}.fifo"
    url = sqs.create_queue(QueueName=name, Attributes={"FifoQueue": "true"})["QueueUrl"]
    console.get(f"{server.url}/_cloudlet/console/queues/{name}")
    console.find_element(By.ID, "body").send_keys("first in line")
    console.find_element(By.ID, "group").send_keys("players")
    console.find_element(By.ID, "dedup").send_keys("d-1")
    console.find_element(By.ID, "send-button").click()
    wait_text(console, ".notice", "Sent message")
    console.find_element(By.ID, "peek-button").click()
    assert "first in line" in wait_for(console, "#messages").text
    got = sqs.receive_message(QueueUrl=url, MessageSystemAttributeNames=["All"])
    [message] = got["Messages"]
    assert message["Body"] == "first in line"
    assert message["Attributes"]["MessageGroupId"] == "players"
    assert message["Attributes"]["MessageDeduplicationId"] == "d-1"


def test_peeking_an_empty_queue_says_so(server: RunningServer, console: WebDriver) -> None:
    name = f"console-q-{uuid.uuid4().hex[:8]}"
    make_client(server, "sqs").create_queue(QueueName=name)
    console.get(f"{server.url}/_cloudlet/console/queues/{name}")
    wait_for(console, "#peek-button").click()
    assert "No visible messages." in wait_for(console, "#messages").text
    console.get(f"{server.url}/_cloudlet/console/queues/no-such-{name}")
    assert "QueueDoesNotExist: The specified queue does not exist." in wait_for(console, ".error").text
