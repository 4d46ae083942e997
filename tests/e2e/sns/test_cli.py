"""The aws CLI against cloudlet's SNS (``aws sns publish``), as users run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.e2e.sns.conftest import Endpoint, confirm_by_url
from tests.server import RunningServer

AWS = str(Path(sys.executable).parent / "aws")


def _aws(server: RunningServer, *args: str) -> Any:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_PAGER": ""}
    out = subprocess.run([AWS, "--endpoint-url", server.url, "--output", "json", "sns", *args],
                         check=True, capture_output=True, text=True, env=env, timeout=60)
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
