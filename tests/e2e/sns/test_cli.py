"""The aws CLI against cloudlet's SNS (``aws sns publish``), as users run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.e2e.sns.conftest import Endpoint, confirm_by_url, recorded, wait_for
from tests.server import RunningServer

AWS = str(Path(sys.executable).parent / "aws")


def _run(server: RunningServer, *args: str, check: bool = True,
         ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_PAGER": ""}
    return subprocess.run([AWS, "--endpoint-url", server.url, "--output", "json", "sns", *args],
                          check=check, capture_output=True, text=True, env=env, timeout=60)


def _aws(server: RunningServer, *args: str) -> Any:
    out = _run(server, *args)
    return json.loads(out.stdout) if out.stdout.strip() else None


def test_cli_publish_reaches_a_subscriber(server: RunningServer, sns: Any, endpoint: Endpoint,
                                          unique_name: str) -> None:
    topic = _aws(server, "create-topic", "--name", unique_name)["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=endpoint.url)
    confirm_by_url(endpoint.wait("SubscriptionConfirmation")[0])
    out = _aws(server, "publish", "--topic-arn", topic, "--message", "from the cli",
               "--message-attributes", '{"k": {"DataType": "String", "StringValue": "v"}}')
    doc = endpoint.wait("Notification")[0].json()
    assert doc["MessageId"] == out["MessageId"]
    assert doc["Message"] == "from the cli"
    assert doc["MessageAttributes"] == {"k": {"Type": "String", "Value": "v"}}
    _aws(server, "delete-topic", "--topic-arn", topic)


def test_cli_example_phone_number_with_hyphens(server: RunningServer, sns: Any,
                                               unique_name: str) -> None:
    """The CLI reference's own ``aws sns publish --message "Hello world!" --phone-number
    +1-555-555-0100``: SNS takes E.164 numbers written with hyphens, for Publish and for an
    sms subscription; a malformed number is still InvalidParameter.
    https://docs.aws.amazon.com/cli/latest/reference/sns/publish.html"""
    out = _aws(server, "publish", "--message", "Hello world!", "--phone-number", "+1-555-555-0100")
    assert len(out["MessageId"]) == 36
    assert recorded(server, "+1-555-555-0100")[-1]["body"] == "Hello world!"
    topic = sns.create_topic(Name=unique_name)["TopicArn"]
    phone = "+44-20-7946-0958"
    sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint=phone)
    sns.publish(TopicArn=topic, Message="to a hyphenated number")
    assert wait_for(lambda: recorded(server, phone))[-1]["body"] == "to a hyphenated number"
    for bad in ("+1--555-0100", "+1-555-", "555 0100"):
        failed = _run(server, "publish", "--message", "x", "--phone-number", bad, check=False)
        assert failed.returncode != 0 and "(InvalidParameter)" in failed.stderr
    sns.delete_topic(TopicArn=topic)
