"""SQS mappings scale their concurrent invocations with the backlog, up to
ScalingConfig.MaximumConcurrency.

https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.event_sources.conftest import most_at_once
from tests.e2e.lambda_.conftest import records, wait_for

SLOW = """
    import json, os, time

    def handler(event, context):
        start = time.time()
        time.sleep(0.3)
        with open(os.environ["OUT"], "a") as f:
            f.write(json.dumps({"n": len(event["Records"]), "start": start, "end": time.time()}) + "\\n")
"""


@pytest.mark.parametrize(("scaling", "low", "high"), [({"MaximumConcurrency": 2}, 2, 2),
                                                       (None, 3, 50)])
def test_concurrency_follows_the_backlog(sqs: Any, unique_name: str, shared_dir: Path,
                                         create_function: Callable[..., str], esm: Any,
                                         scaling: dict[str, int] | None, low: int,
                                         high: int) -> None:
    url = sqs.create_queue(QueueName=unique_name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    out = shared_dir / "spans.jsonl"
    fn = create_function(SLOW, Environment={"Variables": {"OUT": str(out)}})
    for start in range(0, 30, 10):
        sqs.send_message_batch(QueueUrl=url, Entries=[
            {"Id": str(i), "MessageBody": str(i)} for i in range(start, start + 10)])
    esm(EventSourceArn=arn, FunctionName=fn, BatchSize=1,
        **({"ScalingConfig": scaling} if scaling else {}))
    wait_for(lambda: sum(r["n"] for r in records(out)) >= 30, timeout=30)
    assert low <= most_at_once(records(out)) <= high
    sqs.delete_queue(QueueUrl=url)
