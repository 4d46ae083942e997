"""Log ordering at the log sink (cloudlet.services.lambda_.lifecycle)."""

from __future__ import annotations

from cloudlet.services.lambda_.lifecycle import in_time_order


def test_a_line_is_never_stamped_after_the_lines_that_follow_it() -> None:
    events = [(105, "START"), (101, "output"), (106, "END"), (106, "REPORT")]
    assert in_time_order(events) == [(101, "START"), (101, "output"), (106, "END"), (106, "REPORT")]


def test_ordered_events_are_unchanged() -> None:
    events = [(1, "a"), (2, "b"), (2, "c")]
    assert in_time_order(events) == events
