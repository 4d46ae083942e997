"""Log lines at the log sink (cloudlet.services.lambda_.lifecycle)."""

from __future__ import annotations

from cloudlet.services.lambda_.lifecycle import as_delivered


def test_each_line_is_delivered_ending_in_a_newline() -> None:
    events = [(101, "START"), (101, "output\n"), (106, "END")]
    assert as_delivered(events) == [(101, "START\n"), (101, "output\n"), (106, "END\n")]
