"""Where a finished asynchronous invocation goes: destinations (SQS, SNS, EventBridge) and
the function's dead-letter queue.

https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
- A destination gets the invocation record: ``version``, ``timestamp``, ``requestContext``
  (``requestId``, ``functionArn``, ``condition``, ``approximateInvokeCount``),
  ``requestPayload``, ``responseContext``, ``responsePayload``.
- An EventBridge destination gets an event with source ``lambda`` and detail-type
  ``Lambda Function Invocation Result - Success`` / ``- Failure``.
- A dead-letter queue gets the event itself with the attributes RequestID, ErrorCode and
  ErrorMessage.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.lambda_.conftest import recorder, wait_for
from tests.server import RunningServer

pytestmark = pytest.mark.usefixtures("server")


def _queue(sqs: Any, name: str) -> tuple[str, str]:
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url, arn


def _one(sqs: Any, url: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = []

    def received() -> bool:
        found.extend(sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"],
                                         WaitTimeSeconds=1).get("Messages", []))
        return bool(found)

    wait_for(received, timeout=30)
    return found[0]


def test_a_failed_event_lands_in_the_dead_letter_queue_with_lambdas_attributes(
        server: RunningServer, unique_name: str, shared_dir: Path) -> None:
    lam, sqs = make_client(server, "lambda"), make_client(server, "sqs")
    url, arn = _queue(sqs, f"{unique_name}-dlq")
    recorder(lam, unique_name, shared_dir / "out.jsonl")
    lam.update_function_configuration(FunctionName=unique_name, DeadLetterConfig={"TargetArn": arn})
    function_ready(lam, unique_name)
    lam.put_function_event_invoke_config(FunctionName=unique_name, MaximumRetryAttempts=0)
    sent = lam.invoke(FunctionName=unique_name, InvocationType="Event",
                      Payload=json.dumps({"fail": True, "job": 7}).encode())
    message = _one(sqs, url)
    assert json.loads(message["Body"]) == {"fail": True, "job": 7}
    attributes = message["MessageAttributes"]
    assert attributes["RequestID"] == {"DataType": "String",
                                       "StringValue": sent["ResponseMetadata"]["RequestId"]}
    assert attributes["ErrorCode"] == {"DataType": "Number", "StringValue": "200"}
    assert attributes["ErrorMessage"] == {"DataType": "String", "StringValue": "failing on purpose"}


def test_on_failure_to_sqs_carries_the_invocation_record(
        server: RunningServer, unique_name: str, shared_dir: Path) -> None:
    lam, sqs = make_client(server, "lambda"), make_client(server, "sqs")
    url, arn = _queue(sqs, f"{unique_name}-failures")
    recorder(lam, unique_name, shared_dir / "out.jsonl")
    lam.put_function_event_invoke_config(FunctionName=unique_name, MaximumRetryAttempts=0,
                                         DestinationConfig={"OnFailure": {"Destination": arn}})
    sent = lam.invoke(FunctionName=unique_name, InvocationType="Event",
                      Payload=json.dumps({"fail": True}).encode())
    record = json.loads(_one(sqs, url)["Body"])
    assert record["version"] == "1.0"
    assert record["requestContext"]["requestId"] == sent["ResponseMetadata"]["RequestId"]
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 1
    assert record["requestContext"]["functionArn"].endswith(f":function:{unique_name}:$LATEST")
    assert record["requestPayload"] == {"fail": True}
    assert record["responseContext"]["functionError"] == "Unhandled"
    assert record["responsePayload"]["errorMessage"] == "failing on purpose"


def test_on_success_to_sns_reaches_its_subscribers(
        server: RunningServer, unique_name: str, shared_dir: Path) -> None:
    lam, sqs, sns = (make_client(server, s) for s in ("lambda", "sqs", "sns"))
    url, arn = _queue(sqs, f"{unique_name}-successes")
    topic = sns.create_topic(Name=f"{unique_name}-done")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn,
                  Attributes={"RawMessageDelivery": "true"})
    recorder(lam, unique_name, shared_dir / "out.jsonl")
    lam.put_function_event_invoke_config(FunctionName=unique_name,
                                         DestinationConfig={"OnSuccess": {"Destination": topic}})
    lam.invoke(FunctionName=unique_name, InvocationType="Event", Payload=b'{"n": 3}')
    record = json.loads(_one(sqs, url)["Body"])
    assert record["requestContext"]["condition"] == "Success"
    assert record["responsePayload"] == {"seen": {"n": 3}}


def test_on_success_to_eventbridge_is_an_event_from_lambda(
        server: RunningServer, unique_name: str, shared_dir: Path) -> None:
    lam, sqs, events = (make_client(server, s) for s in ("lambda", "sqs", "events"))
    url, arn = _queue(sqs, f"{unique_name}-results")
    bus = events.create_event_bus(Name=f"{unique_name}-bus")["EventBusArn"]
    events.put_rule(Name=unique_name, EventBusName=bus, EventPattern=json.dumps(
        {"source": ["lambda"], "detail-type": ["Lambda Function Invocation Result - Success"]}))
    events.put_targets(Rule=unique_name, EventBusName=bus, Targets=[{"Id": "q", "Arn": arn}])
    recorder(lam, unique_name, shared_dir / "out.jsonl")
    lam.put_function_event_invoke_config(FunctionName=unique_name,
                                         DestinationConfig={"OnSuccess": {"Destination": bus}})
    lam.invoke(FunctionName=unique_name, InvocationType="Event", Payload=b'{"n": 4}')
    event = json.loads(_one(sqs, url)["Body"])
    assert event["source"] == "lambda"
    assert event["detail-type"] == "Lambda Function Invocation Result - Success"
    assert event["detail"]["requestPayload"] == {"n": 4}
    assert event["resources"] == [event["detail"]["requestContext"]["functionArn"]]
