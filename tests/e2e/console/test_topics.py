"""The console's topic pages in a real browser: publish to a topic with an SQS
subscription and read the message from the queue with boto3."""

from __future__ import annotations

import json
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.conftest import make_client
from tests.e2e.console.browser import shot, wait_for, wait_text
from tests.server import RunningServer


def test_publish_in_the_browser_reaches_an_sqs_subscription(server: RunningServer,
                                                            console: WebDriver) -> None:
    sns, sqs = make_client(server, "sns"), make_client(server, "sqs")
    name = f"console-t-{uuid.uuid4().hex[:8]}"
    arn = sns.create_topic(Name=name)["TopicArn"]
    url = sqs.create_queue(QueueName=f"{name}-q")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue_arn)

    console.get(f"{server.url}/_cloudlet/console/topics")
    wait_for(console, f'tr[data-topic="{name}"] a').click()
    assert queue_arn in wait_for(console, "#subscriptions").text
    console.find_element(By.ID, "subject").send_keys("Greetings")
    console.find_element(By.ID, "message").send_keys("hello subscribers")
    console.find_element(By.ID, "attributes").send_keys("kind=test")
    console.find_element(By.ID, "publish-button").click()
    wait_text(console, ".notice", "Published message")
    shot(console, "topics-topic")

    got = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=5)
    envelope = json.loads(got["Messages"][0]["Body"])
    assert envelope["Message"] == "hello subscribers"
    assert envelope["Subject"] == "Greetings"
    assert envelope["TopicArn"] == arn
    assert envelope["MessageAttributes"]["kind"] == {"Type": "String", "Value": "test"}


def test_an_unknown_topic_shows_the_apis_error(server: RunningServer, console: WebDriver) -> None:
    console.get(f"{server.url}/_cloudlet/console/topics/no-such-topic-{uuid.uuid4().hex[:6]}")
    assert "NotFound" in wait_for(console, ".error").text
