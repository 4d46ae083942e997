"""Malformed members never break SQS: every operation answers a 4xx, never a 500
(the members SQS checks itself, such as Attributes and AttributeNames, included)."""

from __future__ import annotations

import json

from cloudlet.server.models import load_model
from tests.e2e.test_bad_input import bad_bodies, send
from tests.server import RunningServer, unsigned_authorization


def test_malformed_members_get_client_errors_not_500(server: RunningServer, queue: str,
                                                     fifo_queue: str) -> None:
    failures = []
    for operation in load_model("sqs").operation_names:
        bad = bad_bodies("sqs", operation)
        # The same members again beside a real queue, to reach the handlers' own checks.
        with_queue = [{"QueueUrl": url, "QueueName": "x", **body} for url in (queue, fifo_queue)
                      for body in bad if isinstance(body, dict)]
        for body in [*bad, *with_queue]:
            status = send(server, "POST", "/", body, {
                "X-Amz-Target": f"AmazonSQS.{operation}",
                "Content-Type": "application/x-amz-json-1.0",
                "Authorization": unsigned_authorization("sqs")})
            if status >= 500:
                failures.append(f"{operation} {json.dumps(body)[:120]} -> {status}")
    assert failures == [], "\n".join(failures)
