"""The coverage list comes from botocore's models and the registered handlers."""

from __future__ import annotations

from cloudlet.coverage import render


def test_lists_done_and_missing_operations_per_service() -> None:
    text = render()
    assert "## dynamodb (" in text and "## lambda (" in text
    assert "- [x] PutItem" in text
    assert "- [x] Invoke" in text
    assert "- [ ] ExportTableToPointInTime" in text
