"""An acknowledged Publish survives a crash: the delivery was stored before the answer.
https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html (SNS delivers at
least once)
"""

from __future__ import annotations

import signal
from pathlib import Path

from tests.conftest import make_client
from tests.e2e.sns.conftest import Endpoint, confirm_by_url
from tests.server import RunningServer


def test_published_message_is_delivered_after_sigkill(tmp_path: Path, endpoint: Endpoint) -> None:
    running = RunningServer(tmp_path / "data").start()
    try:
        sns = make_client(running, "sns")
        topic = sns.create_topic(Name="durable")["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=endpoint.url)
        confirm_by_url(endpoint.wait("SubscriptionConfirmation")[0])
        endpoint.delays = [30.0]  # the first delivery hangs: the server dies mid-delivery
        resp = sns.publish(TopicArn=topic, Message="survive")
        endpoint.wait("Notification", 1)
        running.stop(signal.SIGKILL)
        running.start()
        got = endpoint.wait("Notification", 2, timeout=20)
        assert got[1].json()["MessageId"] == resp["MessageId"]
        assert got[1].json()["Message"] == "survive"
        sns = make_client(running, "sns")
        assert sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"][0][
            "SubscriptionArn"].startswith(topic)
    finally:
        running.stop()
