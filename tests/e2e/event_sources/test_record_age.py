"""MaximumRecordAgeInSeconds: a failing batch older than the limit is given up on
(condition RecordAgeExceeded), on the server's clock.

https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html#lambda-CreateEventSourceMapping-request-MaximumRecordAgeInSeconds
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

from tests.conftest import make_client
from tests.e2e.dynamodb.support import create_table
from tests.e2e.event_sources.conftest import BATCH_HANDLER, batches, put
from tests.e2e.lambda_.conftest import ROLE, python_zip, wait_for
from tests.server import RunningServer


def advance(server: RunningServer, seconds: float) -> None:
    request = urllib.request.Request(f"{server.url}/_cloudlet/clock", method="POST",
                                     data=json.dumps({"advance": seconds}).encode())
    with urllib.request.urlopen(request) as resp:
        assert resp.status == 200


def test_old_records_go_to_on_failure(tmp_path: Path, shared_dir: Path) -> None:
    out = shared_dir / "events.jsonl"
    server = RunningServer(tmp_path / "data", "--clock", "manual").start()
    try:
        ddb, lam, sqs = (make_client(server, s) for s in ("dynamodb", "lambda", "sqs"))
        url = sqs.create_queue(QueueName="failures")["QueueUrl"]
        target = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]
        table = create_table(ddb, StreamSpecification={"StreamEnabled": True,
                                                       "StreamViewType": "NEW_IMAGE"})
        stream = ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
        lam.create_function(FunctionName="fails", Runtime="python3.12", Role=ROLE,
                            Handler="app.handler", Code={"ZipFile": python_zip(BATCH_HANDLER)},
                            Environment={"Variables": {"OUT": str(out), "MODE": "fail"}})
        lam.create_event_source_mapping(
            EventSourceArn=stream, FunctionName="fails", StartingPosition="LATEST",
            MaximumRecordAgeInSeconds=60, DestinationConfig={"OnFailure": {"Destination": target}})
        put(ddb, table, "a")
        # The poller waits RETRY_S on the server's clock between attempts: move it in
        # small steps until the retry has run (far less than the 60 s limit).
        wait_for(lambda: advance(server, 0.5) or len(batches(out)) >= 2)
        advance(server, 70)
        messages: list[dict[str, Any]] = []

        def received() -> bool:
            advance(server, 0.5)
            messages.extend(sqs.receive_message(QueueUrl=url).get("Messages", []))
            return bool(messages)

        wait_for(received)
        record = json.loads(messages[0]["Body"])
        assert record["requestContext"]["condition"] == "RecordAgeExceeded"
        assert 2 <= len(batches(out)) < 10
    finally:
        server.stop()
