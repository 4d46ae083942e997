"""MaximumRecordAgeInSeconds: a failing batch older than the limit is given up on
(condition RecordAgeExceeded), on the server's clock.

https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html#lambda-CreateEventSourceMapping-request-MaximumRecordAgeInSeconds
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import make_client
from tests.e2e.event_sources.conftest import batches, put, stream_to_function
from tests.e2e.lambda_.conftest import wait_for
from tests.server import RunningServer


def test_old_records_go_to_on_failure(tmp_path: Path, shared_dir: Path) -> None:
    out = shared_dir / "events.jsonl"
    server = RunningServer(tmp_path / "data", "--clock", "manual").start()
    try:
        sqs = make_client(server, "sqs")
        url = sqs.create_queue(QueueName="failures")["QueueUrl"]
        target = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]
        ddb, lam, table, stream = stream_to_function(server, "fails", out, {"MODE": "fail"})
        lam.create_event_source_mapping(
            EventSourceArn=stream, FunctionName="fails", StartingPosition="LATEST",
            MaximumRecordAgeInSeconds=60, DestinationConfig={"OnFailure": {"Destination": target}})
        put(ddb, table, "a")

        def retried() -> bool:
            server.advance_clock(0.5)
            return len(batches(out)) >= 2

        # The poller waits RETRY_S on the server's clock between attempts: move it in
        # small steps until the retry has run (far less than the 60 s limit).
        wait_for(retried)
        server.advance_clock(70)
        messages: list[dict[str, Any]] = []

        def received() -> bool:
            server.advance_clock(0.5)
            messages.extend(sqs.receive_message(QueueUrl=url).get("Messages", []))
            return bool(messages)

        wait_for(received)
        record = json.loads(messages[0]["Body"])
        assert record["requestContext"]["condition"] == "RecordAgeExceeded"
        assert 2 <= len(batches(out)) < 10
    finally:
        server.stop()
