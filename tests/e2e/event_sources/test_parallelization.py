"""ParallelizationFactor: one shard's records processed side by side, each key in order.

https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html#services-ddb-params
("ParallelizationFactor ... process multiple batches from each shard concurrently";
records with the same partition key stay in order)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.e2e.event_sources.conftest import most_at_once, put
from tests.e2e.lambda_.conftest import records, wait_for

SLOW = """
    import json, os, time

    def handler(event, context):
        start = time.time()
        time.sleep(0.3)
        seen = [[r["dynamodb"]["Keys"]["pk"]["S"], r["dynamodb"]["NewImage"]["v"]["S"]]
                for r in event["Records"]]
        with open(os.environ["OUT"], "a") as f:
            f.write(json.dumps({"seen": seen, "start": start, "end": time.time()}) + "\\n")
"""


def test_factor_runs_keys_side_by_side_in_order(ddb: Any, stream_table: Any, shared_dir: Path,
                                                create_function: Callable[..., str],
                                                esm: Any) -> None:
    table, stream = stream_table()
    out = shared_dir / "spans.jsonl"
    fn = create_function(SLOW, Environment={"Variables": {"OUT": str(out)}})
    for version in ("1", "2"):
        for i in range(6):
            put(ddb, table, f"k{i}", v=version)
    mapping = esm(EventSourceArn=stream, FunctionName=fn, StartingPosition="TRIM_HORIZON",
                  BatchSize=1, ParallelizationFactor=4)
    assert mapping["ParallelizationFactor"] == 4
    wait_for(lambda: sum(len(r["seen"]) for r in records(out)) == 12)
    assert most_at_once(records(out)) > 1
    order = [pair for r in sorted(records(out), key=lambda r: r["start"]) for pair in r["seen"]]
    for i in range(6):
        assert [v for k, v in order if k == f"k{i}"] == ["1", "2"]
