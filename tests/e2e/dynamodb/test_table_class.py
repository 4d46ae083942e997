"""Table classes: STANDARD and STANDARD_INFREQUENT_ACCESS, set by CreateTable and
UpdateTable and reported in TableClassSummary.
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.TableClasses.html
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import make_client
from tests.e2e.dynamodb.support import create_table, error_of
from tests.server import RunningServer


def test_create_table_with_infrequent_access_class(ddb: Any,
                                                  make_table: Callable[..., str]) -> None:
    name = make_table(TableClass="STANDARD_INFREQUENT_ACCESS")
    summary = ddb.describe_table(TableName=name)["Table"]["TableClassSummary"]
    assert summary["TableClass"] == "STANDARD_INFREQUENT_ACCESS"


def test_update_table_class(ddb: Any, make_table: Callable[..., str]) -> None:
    name = make_table(TableClass="STANDARD")

    desc = ddb.update_table(TableName=name,
                            TableClass="STANDARD_INFREQUENT_ACCESS")["TableDescription"]

    assert desc["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"
    assert "LastUpdateDateTime" in desc["TableClassSummary"]
    again = ddb.describe_table(TableName=name)["Table"]["TableClassSummary"]
    assert again["TableClass"] == "STANDARD_INFREQUENT_ACCESS"


def test_unknown_table_class_is_rejected(ddb: Any) -> None:
    """TableClass is an enum of the model: ValidationException (400)."""
    code, message, status = error_of(create_table, ddb, TableClass="GLACIER")
    assert (code, status) == ("ValidationException", 400)
    assert "tableClass" in message


def test_table_class_survives_restart(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = RunningServer(data).start()
    try:
        ddb: Any = make_client(first, "dynamodb")
        create_table(ddb, "classy", TableClass="STANDARD_INFREQUENT_ACCESS")
    finally:
        first.stop()
    second = RunningServer(data).start()
    try:
        ddb = make_client(second, "dynamodb")
        summary = ddb.describe_table(TableName="classy")["Table"]["TableClassSummary"]
        assert summary["TableClass"] == "STANDARD_INFREQUENT_ACCESS"
    finally:
        second.stop()
