"""HTTP/S delivery retries on the server's clock, then the dead-letter queue.
https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html (default HTTP/S
policy: 3 retries, 20 seconds apart)
https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.sns.conftest import Endpoint, confirm_by_url, wait_for
from tests.server import RunningServer, serving


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    yield from serving(tmp_path_factory, "sns-clock", "--clock", "manual")


def _setup(manual: RunningServer, endpoint: Endpoint, name: str,
           **attributes: str) -> tuple[Any, str, Any, str]:
    sns, sqs = make_client(manual, "sns"), make_client(manual, "sqs")
    topic = sns.create_topic(Name=name)["TopicArn"]
    dlq = sqs.create_queue(QueueName=name + "-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=endpoint.url, Attributes={
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn}), **attributes})
    confirm_by_url(endpoint.wait("SubscriptionConfirmation")[0])
    return sns, topic, sqs, dlq


def _dead_letters(sqs: Any, url: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = sqs.receive_message(
        QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
    return messages


def _settle() -> None:
    time.sleep(0.3)


def _retry_scheduled(server: RunningServer) -> None:
    """Wait until the failed attempt's retry is scheduled (the delivery is delayed, no
    longer in flight), so that moving the clock afterwards makes it due."""
    def scheduled() -> bool:
        with urllib.request.urlopen(f"{server.url}/_cloudlet/health", timeout=5) as answer:
            queued = json.loads(answer.read())["sns"]["deliveries"]["sns.delivery"]
        return bool(queued["delayed"] >= 1 and queued["in_flight"] == 0)
    wait_for(scheduled, what="the retry scheduled")


def test_failed_http_delivery_is_retried_after_20_seconds(
        manual: RunningServer, endpoint: Endpoint, unique_name: str) -> None:
    sns, topic, sqs, dlq = _setup(manual, endpoint, unique_name)
    endpoint.statuses = [500]
    sns.publish(TopicArn=topic, Message="retry me")
    endpoint.wait("Notification", 1)
    _retry_scheduled(manual)
    manual.advance_clock(19)
    _settle()
    assert len(endpoint.of_type("Notification")) == 1
    manual.advance_clock(1)
    got = endpoint.wait("Notification", 2)
    assert got[1].json()["Message"] == "retry me"
    assert got[0].json()["MessageId"] == got[1].json()["MessageId"]
    manual.advance_clock(100)
    _settle()
    assert len(endpoint.of_type("Notification")) == 2
    assert _dead_letters(sqs, dlq) == []


def test_after_the_last_retry_the_message_goes_to_the_dead_letter_queue(
        manual: RunningServer, endpoint: Endpoint, unique_name: str) -> None:
    sns, topic, sqs, dlq = _setup(manual, endpoint, unique_name)
    endpoint.statuses = [503] * 10
    resp = sns.publish(TopicArn=topic, Message="doomed")
    for attempt in range(2, 5):
        endpoint.wait("Notification", attempt - 1)
        _retry_scheduled(manual)
        manual.advance_clock(20)
    endpoint.wait("Notification", 4)
    found = wait_for(lambda: _dead_letters(sqs, dlq))
    assert json.loads(found[0]["Body"])["MessageId"] == resp["MessageId"]
    manual.advance_clock(100)
    _settle()
    assert len(endpoint.of_type("Notification")) == 4


def test_client_error_answer_ends_the_delivery(manual: RunningServer, endpoint: Endpoint,
                                               unique_name: str) -> None:
    """https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.prepare.html: an answer
    in 200-4xx is not a failed attempt; only other answers (and timeouts) are retried."""
    sns, topic, sqs, dlq = _setup(manual, endpoint, unique_name)
    endpoint.statuses = [404]
    sns.publish(TopicArn=topic, Message="nobody home")
    endpoint.wait("Notification", 1)
    manual.advance_clock(100)
    _settle()
    assert len(endpoint.of_type("Notification")) == 1
    assert _dead_letters(sqs, dlq) == []


def test_subscription_delivery_policy_sets_the_retries(
        manual: RunningServer, endpoint: Endpoint, unique_name: str) -> None:
    policy = {"healthyRetryPolicy": {"numRetries": 1, "minDelayTarget": 5, "maxDelayTarget": 5,
                                     "numNoDelayRetries": 0, "numMinDelayRetries": 1,
                                     "numMaxDelayRetries": 0, "backoffFunction": "linear"}}
    sns, topic, sqs, dlq = _setup(manual, endpoint, unique_name, DeliveryPolicy=json.dumps(policy))
    endpoint.statuses = [500, 500]
    sns.publish(TopicArn=topic, Message="once more")
    endpoint.wait("Notification", 1)
    _retry_scheduled(manual)
    manual.advance_clock(5)
    endpoint.wait("Notification", 2)
    assert wait_for(lambda: _dead_letters(sqs, dlq))


def test_pending_http_subscription_has_the_default_delivery_policy(
        manual: RunningServer, tmp_path: Path, unique_name: str) -> None:
    from tests.server import free_port

    sns = make_client(manual, "sns")
    topic = sns.create_topic(Name=unique_name)["TopicArn"]
    url = f"http://127.0.0.1:{free_port()}/closed"
    arn = sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=url,
                        ReturnSubscriptionArn=True)["SubscriptionArn"]
    attrs = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert json.loads(attrs["EffectiveDeliveryPolicy"])["healthyRetryPolicy"]["numRetries"] == 3
    assert attrs["PendingConfirmation"] == "true"
