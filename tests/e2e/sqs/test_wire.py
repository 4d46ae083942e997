"""The JSON wire: awsQueryCompatible errors and the aws CLI.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-faqs.html
(SQS's JSON errors carry the query error code in the ``x-amzn-query-error`` header)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from tests.e2e.sqs.conftest import fresh_name
from tests.server import RunningServer


def _json_call(server: RunningServer, target: str, body: dict[str, str]
               ) -> tuple[int, dict[str, str], dict[str, str]]:
    request = urllib.request.Request(server.url + "/", json.dumps(body).encode(), {
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": f"AmazonSQS.{target}"},
        method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


def test_json_error_names_the_shape_in_type(server: RunningServer) -> None:
    status, _, body = _json_call(server, "GetQueueUrl", {"QueueName": fresh_name()})
    assert status == 400
    assert body["__type"] == "com.amazonaws.sqs#QueueDoesNotExist"
    assert body["message"] == "The specified queue does not exist."


def test_json_error_carries_the_query_error_header(server: RunningServer) -> None:
    _, headers, _ = _json_call(server, "GetQueueUrl", {"QueueName": fresh_name()})
    lowered = {k.lower(): v for k, v in headers.items()}
    assert lowered.get("x-amzn-query-error") == "AWS.SimpleQueueService.NonExistentQueue;Sender"


def test_aws_cli_sends_and_receives(server: RunningServer) -> None:
    """awscli v1 (botocore's JSON protocol) works unchanged against the endpoint."""
    aws = str(Path(sys.executable).with_name("aws"))
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_PAGER": ""}

    def cli(*args: str) -> dict[str, object]:
        done = subprocess.run([aws, "--endpoint-url", server.url, "--output", "json", "sqs",
                               *args], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if done.stdout.strip() else {}
    url = str(cli("create-queue", "--queue-name", fresh_name())["QueueUrl"])
    cli("send-message", "--queue-url", url, "--message-body", "from the cli")
    got = cli("receive-message", "--queue-url", url)
    messages = got["Messages"]
    assert isinstance(messages, list) and messages[0]["Body"] == "from the cli"
