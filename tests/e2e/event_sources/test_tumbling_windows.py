"""Tumbling windows: state passed between invocations of one window, and a final
invocation when the window ends.

https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-windows.html
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.e2e.event_sources.conftest import put
from tests.e2e.lambda_.conftest import records, wait_for

COUNTER = """
    import json, os

    def handler(event, context):
        with open(os.environ["OUT"], "a") as f:
            f.write(json.dumps(event) + "\\n")
        state = dict(event["state"])
        state["count"] = state.get("count", 0) + len(event["Records"])
        return {"state": state}
"""


def test_state_is_carried_and_the_window_closes(ddb: Any, stream_table: Any,
                                                create_function: Callable[..., str],
                                                shared_dir: Path, esm: Any) -> None:
    table, stream = stream_table()
    out = shared_dir / "windows.jsonl"
    fn = create_function(COUNTER, Environment={"Variables": {"OUT": str(out)}})
    esm(EventSourceArn=stream, FunctionName=fn, StartingPosition="LATEST", BatchSize=1,
        TumblingWindowInSeconds=1)
    for pk in ("a", "b", "c"):
        put(ddb, table, pk)
    wait_for(lambda: sum(e["state"].get("count", 0) for e in records(out)
                         if e["isFinalInvokeForWindow"]) == 3)
    events = records(out)
    finals = [e for e in events if e["isFinalInvokeForWindow"]]
    assert all(e["Records"] == [] for e in finals)
    first = events[0]
    assert first["state"] == {} and first["shardId"] and first["eventSourceARN"] == stream
    assert first["window"]["start"] < first["window"]["end"]
    assert first["isWindowTerminatedEarly"] is False
    # Within a window, each invocation sees the count of the ones before it, up to the
    # window's final invocation (a record read after its window was closed, on a busy
    # machine, starts that window's state afresh).
    by_window: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        by_window.setdefault(event["window"]["start"], []).append(event)
    for window in by_window.values():
        seen = 0
        for event in window:
            assert event["state"].get("count", 0) == seen
            seen = 0 if event["isFinalInvokeForWindow"] else seen + len(event["Records"])
