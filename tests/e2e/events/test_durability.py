"""An event PutEvents acknowledged reaches its target, even if the server is killed
(at least once: a delivery made just before the kill may be made again).

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-event-delivery.html
(EventBridge delivers an accepted event at least once)
"""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

from tests.conftest import make_client
from tests.e2e.events.conftest import entry, make_recorder
from tests.e2e.lambda_.conftest import records, wait_for
from tests.server import RunningServer


def pending(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "events.sqlite") as conn:
        return int(conn.execute("SELECT count(*) FROM queue_messages"
                                " WHERE queue = 'events.delivery'").fetchone()[0])


def test_acknowledged_events_survive_sigkill(tmp_path: Path, shared_dir: Path) -> None:
    data = tmp_path / "data"
    running = RunningServer(data).start()
    out = shared_dir / "kill.jsonl"
    try:
        events = make_client(running, "events")
        fn = make_recorder(make_client(running, "lambda"), "killed", out)
        events.put_rule(Name="r", EventPattern='{"source": ["app.orders"]}')
        events.put_targets(Rule="r", Targets=[{"Id": str(i), "Arn": fn} for i in range(5)])
        ids: set[str] = set()
        for batch in range(4):
            resp = events.put_events(Entries=[entry({"n": batch * 10 + i}) for i in range(10)])
            ids |= {e["EventId"] for e in resp["Entries"]}
        running.stop(signal.SIGKILL)
        left = pending(data)
        running.start()

        def each_delivered_to_all_five() -> bool:
            got = records(out)
            return all(sum(1 for e in got if e["id"] == i) >= 5 for i in ids)

        try:
            wait_for(each_delivered_to_all_five, 60)
        except AssertionError:
            raise AssertionError(f"{left} deliveries were pending at the kill; some were"
                                 " lost") from None
        assert {e["id"] for e in records(out)} == ids
    finally:
        running.stop()
