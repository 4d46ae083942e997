"""The seam between IAM evaluation and the services' resource policies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cloudlet.config import Config
from cloudlet.policy import resource_policies
from cloudlet.policy.resource_policies import bump, generation, parsed, policy_for, register
from cloudlet.server.state import ServerState

POLICY = {"Version": "2012-10-17", "Statement": []}


@pytest.fixture
def state(tmp_path: Path) -> ServerState:
    return ServerState(Config(data_dir=tmp_path), {})


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    monkeypatch.setattr(resource_policies, "_readers", {})
    monkeypatch.setattr(resource_policies, "_owners", {})
    calls: list[tuple[str, str, str]] = []

    def read(state: ServerState, account: str, region: str, arn: str) -> dict[str, Any] | None:
        calls.append((account, region, arn))
        return POLICY

    register("sqs", read)
    register("s3", read)
    return calls


def test_the_reader_of_the_arns_service_gets_its_account_and_region(
        state: ServerState, seen: list[tuple[str, str, str]]) -> None:
    arn = "arn:aws:sqs:eu-west-1:111111111111:q"
    assert policy_for(state, arn, "000000000000", "us-east-1") == (POLICY, "111111111111")
    assert seen == [("111111111111", "eu-west-1", arn)]


def test_an_s3_arn_is_owned_by_the_callers_account(
        state: ServerState, seen: list[tuple[str, str, str]]) -> None:
    arn = "arn:aws:s3:::bucket/a/key"
    assert policy_for(state, arn, "000000000000", "us-east-1") == (POLICY, "000000000000")
    assert seen == [("000000000000", "us-east-1", arn)]


def test_an_owner_hook_answers_the_account_of_an_arn_without_one(
        state: ServerState, seen: list[tuple[str, str, str]]) -> None:
    register("s3", lambda state, account, region, arn: POLICY,
             lambda state, arn: "222222222222")
    assert policy_for(state, "arn:aws:s3:::b", "000000000000", "us-east-1") == (
        POLICY, "222222222222")


@pytest.mark.parametrize("arn", ["arn:aws:sqs:us-east-1:../../x:q",
                                 "arn:aws:sqs:../x:000000000000:q"])
def test_an_arn_that_names_no_account_or_region_is_not_read(
        state: ServerState, seen: list[tuple[str, str, str]], arn: str) -> None:
    assert policy_for(state, arn, "000000000000", "us-east-1")[0] is None
    assert seen == []


def test_no_reader_or_no_arn_reads_nothing(state: ServerState,
                                           seen: list[tuple[str, str, str]]) -> None:
    assert policy_for(state, "*", "000000000000", "us-east-1") == (None, "000000000000")
    assert policy_for(state, "arn:aws:dynamodb:us-east-1:111111111111:table/t",
                      "000000000000", "us-east-1") == (None, "111111111111")
    assert seen == []


def test_bump_counts_per_server(tmp_path: Path) -> None:
    one = ServerState(Config(data_dir=tmp_path / "1"), {})
    two = ServerState(Config(data_dir=tmp_path / "2"), {})
    bump(one)
    bump(one)
    assert (generation(one), generation(two)) == (2, 0)


@pytest.mark.parametrize(("text", "expected"), [
    ('{"Statement": []}', {"Statement": []}), ("", None), (None, None), ("[1]", None),
    ("not json", None), ({"Statement": []}, {"Statement": []})])
def test_parsed(text: Any, expected: Any) -> None:
    assert parsed(text) == expected
