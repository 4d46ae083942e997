"""InvocationType=Event: queued, run in the background, retried on error.
https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.lambda_.conftest import recorder, records, wait_for
from tests.server import RunningServer, serving


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """A server retrying failed events after 0.2 s and 0.4 s."""
    yield from serving(tmp_path_factory, "async", env={"CLOUDLET_LAMBDA_RETRY_DELAYS": "0.2,0.4"})


def test_event_is_accepted_with_202_and_runs(quick: RunningServer, unique_name: str, shared_dir: Path) -> None:
    client = make_client(quick, "lambda")
    out = shared_dir / "out.jsonl"
    recorder(client, unique_name, out)
    resp = client.invoke(FunctionName=unique_name, InvocationType="Event", Payload=b'{"n": 1}')
    assert resp["StatusCode"] == 202
    assert resp["Payload"].read() == b""
    wait_for(lambda: len(records(out)) == 1)
    record = records(out)[0]
    assert record["event"] == {"n": 1}
    assert record["id"] == resp["ResponseMetadata"]["RequestId"]


def test_failed_event_is_retried_twice_with_the_same_request_id(
        quick: RunningServer, unique_name: str, shared_dir: Path) -> None:
    client = make_client(quick, "lambda")
    out = shared_dir / "out.jsonl"
    recorder(client, unique_name, out)
    client.invoke(FunctionName=unique_name, InvocationType="Event", Payload=b'{"fail": true}')
    wait_for(lambda: len(records(out)) == 3)
    time.sleep(1.0)
    seen = records(out)
    assert len(seen) == 3
    assert len({r["id"] for r in seen}) == 1
    gaps = [b["t"] - a["t"] for a, b in zip(seen, seen[1:], strict=False)]
    assert gaps[0] >= 0.2 and gaps[1] >= 0.4


def test_maximum_retry_attempts_zero_runs_once(quick: RunningServer, unique_name: str, shared_dir: Path) -> None:
    client = make_client(quick, "lambda")
    out = shared_dir / "out.jsonl"
    recorder(client, unique_name, out)
    config = client.put_function_event_invoke_config(FunctionName=unique_name, MaximumRetryAttempts=0)
    assert config["MaximumRetryAttempts"] == 0
    client.invoke(FunctionName=unique_name, InvocationType="Event", Payload=b'{"fail": true}')
    wait_for(lambda: len(records(out)) == 1)
    time.sleep(1.0)
    assert len(records(out)) == 1


def test_failure_goes_to_a_function_destination(quick: RunningServer, unique_name: str, shared_dir: Path) -> None:
    client = make_client(quick, "lambda")
    failing_out, dest_out = shared_dir / "failing.jsonl", shared_dir / "dest.jsonl"
    recorder(client, unique_name, failing_out)
    recorder(client, unique_name + "dest", dest_out)
    dest_arn = f"arn:aws:lambda:us-east-1:000000000000:function:{unique_name}dest"
    client.put_function_event_invoke_config(
        FunctionName=unique_name, MaximumRetryAttempts=1,
        DestinationConfig={"OnFailure": {"Destination": dest_arn}})
    client.invoke(FunctionName=unique_name, InvocationType="Event", Payload=b'{"fail": true}')
    wait_for(lambda: len(records(dest_out)) == 1)
    record = records(dest_out)[0]["event"]
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 2
    assert record["requestPayload"] == {"fail": True}
    assert record["responseContext"]["functionError"] == "Unhandled"
    assert record["responsePayload"]["errorMessage"] == "failing on purpose"


def test_success_goes_to_the_on_success_destination(quick: RunningServer, unique_name: str, shared_dir: Path) -> None:
    client = make_client(quick, "lambda")
    recorder(client, unique_name, shared_dir / "a.jsonl")
    dest_out = shared_dir / "dest.jsonl"
    recorder(client, unique_name + "ok", dest_out)
    client.put_function_event_invoke_config(FunctionName=unique_name, DestinationConfig={
        "OnSuccess": {"Destination": f"arn:aws:lambda:us-east-1:000000000000:function:{unique_name}ok"}})
    client.invoke(FunctionName=unique_name, InvocationType="Event", Payload=b'{"n": 2}')
    wait_for(lambda: len(records(dest_out)) == 1)
    record = records(dest_out)[0]["event"]
    assert record["requestContext"]["condition"] == "Success"
    assert record["responsePayload"] == {"seen": {"n": 2}}


def test_event_invoke_config_is_read_updated_and_deleted(quick: RunningServer, unique_name: str,
                                                         shared_dir: Path) -> None:
    client = make_client(quick, "lambda")
    recorder(client, unique_name, shared_dir / "x.jsonl")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_function_event_invoke_config(FunctionName=unique_name)
    client.put_function_event_invoke_config(FunctionName=unique_name, MaximumRetryAttempts=1)
    client.update_function_event_invoke_config(FunctionName=unique_name, MaximumEventAgeInSeconds=120)
    got = client.get_function_event_invoke_config(FunctionName=unique_name)
    assert (got["MaximumRetryAttempts"], got["MaximumEventAgeInSeconds"]) == (1, 120)
    assert got["FunctionArn"].endswith(f":function:{unique_name}:$LATEST")
    listed = client.list_function_event_invoke_configs(FunctionName=unique_name)
    assert len(listed["FunctionEventInvokeConfigs"]) == 1
    client.delete_function_event_invoke_config(FunctionName=unique_name)
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_function_event_invoke_config(FunctionName=unique_name)


def test_queued_event_survives_a_restart(tmp_path: Path, shared_dir: Path, unique_name: str) -> None:
    """An event whose attempt was cut short by a shutdown runs after the next start."""
    data = tmp_path / "data"
    out = shared_dir / "out.jsonl"
    first = RunningServer(data).start()
    try:
        client = make_client(first, "lambda")
        recorder(client, unique_name, out)
        client.invoke(FunctionName=unique_name, InvocationType="Event",
                      Payload=json.dumps({"sleep": 3, "n": 7}).encode())
        wait_for(lambda: len(records(out)) == 1)
    finally:
        assert first.stop() == 0
    second = RunningServer(data).start()
    try:
        wait_for(lambda: len(records(out)) == 2)
        assert records(out)[1]["event"] == {"sleep": 3, "n": 7}
    finally:
        second.stop()


def test_a_failing_event_is_tried_three_times_then_dead_lettered(
        quick: RunningServer, unique_name: str, shared_dir: Path) -> None:
    """Two retries by default (three attempts, same request id), then the dead-letter
    queue gets the event."""
    client, sqs = make_client(quick, "lambda"), make_client(quick, "sqs")
    dlq = sqs.create_queue(QueueName=f"{unique_name}-dlq")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    out = shared_dir / "out.jsonl"
    recorder(client, unique_name, out)
    client.update_function_configuration(FunctionName=unique_name, DeadLetterConfig={"TargetArn": arn})
    function_ready(client, unique_name)
    sent = client.invoke(FunctionName=unique_name, InvocationType="Event", Payload=b'{"fail": true}')
    found: list[dict[str, object]] = []
    wait_for(lambda: bool(found.extend(sqs.receive_message(
        QueueUrl=dlq, MessageAttributeNames=["All"]).get("Messages", [])) or found))
    attempts = records(out)
    assert len(attempts) == 3
    assert {a["id"] for a in attempts} == {sent["ResponseMetadata"]["RequestId"]}
    assert json.loads(str(found[0]["Body"])) == {"fail": True}
