"""Mappings and their checkpoints survive a SIGKILL: the poller resumes after the last
acknowledged batch.

https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html
(an event source mapping processes each record at least once)
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

from tests.conftest import make_client
from tests.e2e.event_sources.conftest import batches, keys, put, stream_to_function
from tests.e2e.lambda_.conftest import wait_for
from tests.server import RunningServer


def test_sigkill_resumes_after_the_last_checkpoint(tmp_path: Path, shared_dir: Path) -> None:
    data = tmp_path / "data"
    out = shared_dir / "events.jsonl"
    first = RunningServer(data).start()
    try:
        ddb, lam, table, stream = stream_to_function(first, "rec", out)
        put(ddb, table, "a")
        put(ddb, table, "b")
        uuid = lam.create_event_source_mapping(EventSourceArn=stream, FunctionName="rec",
                                               StartingPosition="TRIM_HORIZON")["UUID"]
        wait_for(lambda: [k for b in batches(out) for k in keys(b)] == ["a", "b"])
        # One batch; its checkpoint is written when the invocation returns (then OK).
        wait_for(lambda: lam.get_event_source_mapping(UUID=uuid)["LastProcessingResult"] == "OK")
    finally:
        first.stop(signal.SIGKILL)
    second = RunningServer(data).start()
    try:
        ddb, lam = make_client(second, "dynamodb"), make_client(second, "lambda")
        assert lam.get_event_source_mapping(UUID=uuid)["State"] == "Enabled"
        put(ddb, table, "c")
        wait_for(lambda: [k for b in batches(out) for k in keys(b)][-1:] == ["c"])
        assert [k for b in batches(out) for k in keys(b)] == ["a", "b", "c"]
    finally:
        second.stop()


def test_latest_before_any_checkpoint_resumes_from_the_creation(tmp_path: Path,
                                                               shared_dir: Path) -> None:
    """A LATEST mapping killed before its first checkpoint starts again where it was
    created: the record in flight is delivered again, older records never."""
    data = tmp_path / "data"
    out = shared_dir / "events.jsonl"
    first = RunningServer(data).start()
    try:
        ddb, lam, table, stream = stream_to_function(first, "rec", out, {"SLEEP": "2"},
                                                     Timeout=10)
        put(ddb, table, "old")
        time.sleep(1.1)  # creation times are compared to the second
        lam.create_event_source_mapping(EventSourceArn=stream, FunctionName="rec",
                                        StartingPosition="LATEST")
        put(ddb, table, "between")
        wait_for(lambda: bool(batches(out)))  # invoked, not yet acknowledged
    finally:
        first.stop(signal.SIGKILL)
    second = RunningServer(data).start()
    try:
        put(make_client(second, "dynamodb"), table, "new")
        wait_for(lambda: "new" in [k for b in batches(out) for k in keys(b)])
        assert [k for b in batches(out) for k in keys(b)] == ["between", "between", "new"]
    finally:
        second.stop()
