"""In-process calls run the same checks and handlers as calls through the edge port."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from cloudlet.config import Config
from cloudlet.server.errors import NotImplementedOperation, ValidationException
from cloudlet.server.internal import call
from cloudlet.server.state import ServerState
from cloudlet.services import discover


@pytest.fixture
def state(tmp_path: Path) -> ServerState:
    return ServerState(Config(data_dir=tmp_path), discover())


def run(state: ServerState, service: str, operation: str, params: dict[str, Any],
        **kwargs: Any) -> dict[str, Any]:
    return asyncio.run(call(state, service, operation, params, **kwargs))


def test_a_table_made_in_process_is_there_for_the_same_account_only(state: ServerState) -> None:
    run(state, "dynamodb", "CreateTable", {
        "TableName": "inproc", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}, account="111111111111")
    run(state, "dynamodb", "PutItem", {"TableName": "inproc", "Item": {"pk": {"S": "a"}}},
        account="111111111111")

    got = run(state, "dynamodb", "GetItem", {"TableName": "inproc", "Key": {"pk": {"S": "a"}}},
              account="111111111111")

    assert got["Item"] == {"pk": {"S": "a"}}
    assert "inproc" not in run(state, "dynamodb", "ListTables", {})["TableNames"]


def test_model_constraints_are_checked(state: ServerState) -> None:
    with pytest.raises(ValidationException) as err:
        run(state, "dynamodb", "ListTables", {"Limit": 0})
    assert "Member must have value greater than or equal to 1" in err.value.message


def test_an_unwritten_operation_is_not_supported(state: ServerState) -> None:
    with pytest.raises(NotImplementedOperation):
        run(state, "dynamodb", "DescribeExport", {"ExportArn": "arn:x"})


def test_the_account_is_the_principals_unless_named(state: ServerState) -> None:
    from cloudlet.server.context import Principal

    principal = Principal.role_session("arn:aws:iam::222222222222:role/app", "fn")
    run(state, "logs", "CreateLogGroup", {"logGroupName": "by-role"}, principal=principal)

    mine = run(state, "logs", "DescribeLogGroups", {}, account="222222222222")
    default = run(state, "logs", "DescribeLogGroups", {})

    assert [g["logGroupName"] for g in mine["logGroups"]] == ["by-role"]
    assert default["logGroups"] == []
    assert principal.arn == "arn:aws:sts::222222222222:assumed-role/app/fn"


def test_timestamps_may_be_datetimes_and_wire_output_is_json(state: ServerState) -> None:
    from datetime import UTC, datetime

    created = run(state, "dynamodb", "CreateTable", {
        "TableName": "wired", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}, wire=True)
    run(state, "dynamodb", "CreateBackup", {"TableName": "wired", "BackupName": "bak"})

    future = datetime(2100, 1, 1, tzinfo=UTC)
    past = datetime(2000, 1, 1, tzinfo=UTC)
    after = run(state, "dynamodb", "ListBackups", {"TimeRangeLowerBound": future})
    before = run(state, "dynamodb", "ListBackups", {"TimeRangeLowerBound": past})

    assert isinstance(created["TableDescription"]["CreationDateTime"], float)
    assert after["BackupSummaries"] == []
    assert [b["BackupName"] for b in before["BackupSummaries"]] == ["bak"]
