"""How an invocation's log reaches CloudWatch Logs: one event per line, each ending in a
newline as Lambda delivers them, START stamped when the invocation began.
https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
"""

from __future__ import annotations

from typing import Any

from tests.e2e.lambda_.conftest import CreateFn, invoke_json

SLOW_PRINT = """
import time

def handler(event, context):
    time.sleep(0.2)
    print("after a pause")
    return "done"
"""


def test_each_line_is_an_event_ending_in_a_newline_in_time_order(
        lambda_client: Any, logs_client: Any, create_function: CreateFn) -> None:
    name = create_function(SLOW_PRINT)
    _, resp = invoke_json(lambda_client, name)
    request_id = resp["ResponseMetadata"]["RequestId"]
    group = f"/aws/lambda/{name}"
    stream = logs_client.describe_log_streams(logGroupName=group)["logStreams"][0]["logStreamName"]

    events = logs_client.get_log_events(logGroupName=group, logStreamName=stream,
                                        startFromHead=True)["events"]

    messages = [e["message"] for e in events]
    assert messages[0] == f"START RequestId: {request_id} Version: $LATEST\n"
    assert messages[1] == "after a pause\n"
    assert messages[2] == f"END RequestId: {request_id}\n"
    assert messages[3].startswith(f"REPORT RequestId: {request_id}\tDuration: ")
    assert messages[3].endswith("\t\n")
    stamps = [e["timestamp"] for e in events]
    assert stamps == sorted(stamps)
    assert stamps[1] - stamps[0] >= 150  # START is stamped before the handler's pause
