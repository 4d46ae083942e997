"""Schedules: create, get, update, delete, list, and the errors AWS answers.

https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html
https://docs.aws.amazon.com/scheduler/latest/APIReference/API_UpdateSchedule.html
https://docs.aws.amazon.com/scheduler/latest/APIReference/API_ListSchedules.html
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.scheduler.conftest import ACCOUNT, REGION, ROLE, error

SQS_TARGET = {"Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:somewhere", "RoleArn": ROLE}
LAMBDA_TARGET = {"Arn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f", "RoleArn": ROLE}


def test_create_and_get_schedule(scheduler: Any, schedules: Callable[..., str],
                                 unique_name: str) -> None:
    """GetSchedule answers the settings, with the defaults filled in (State ENABLED,
    ActionAfterCompletion NONE, RetryPolicy 185 attempts / 86400 s)."""
    start = datetime(2030, 1, 1, tzinfo=UTC)
    arn = schedules(unique_name, "cron(0 9 * * ? *)", {**SQS_TARGET, "Input": "hi"},
                    ScheduleExpressionTimezone="Europe/Paris", StartDate=start,
                    Description="morning")
    assert arn == f"arn:aws:scheduler:{REGION}:{ACCOUNT}:schedule/default/{unique_name}"
    got = scheduler.get_schedule(Name=unique_name)
    assert got["Arn"] == arn
    assert (got["Name"], got["GroupName"], got["State"]) == (unique_name, "default", "ENABLED")
    assert got["ScheduleExpression"] == "cron(0 9 * * ? *)"
    assert got["ScheduleExpressionTimezone"] == "Europe/Paris"
    assert got["StartDate"] == start
    assert got["Description"] == "morning"
    assert got["ActionAfterCompletion"] == "NONE"
    assert got["FlexibleTimeWindow"] == {"Mode": "OFF"}
    assert got["Target"] == {**SQS_TARGET, "Input": "hi", "RetryPolicy": {
        "MaximumEventAgeInSeconds": 86400, "MaximumRetryAttempts": 185}}


def test_create_existing_schedule_conflicts(schedules: Callable[..., str],
                                            unique_name: str) -> None:
    schedules(unique_name, "rate(1 hour)", SQS_TARGET)
    with pytest.raises(ClientError) as err:
        schedules(unique_name, "rate(1 hour)", SQS_TARGET)
    assert error(err) == ("ConflictException", 409)
    assert err.value.response["Error"]["Message"] == f"Schedule {unique_name} already exists."


def test_create_with_same_client_token_is_idempotent(scheduler: Any,
                                                     schedules: Callable[..., str],
                                                     unique_name: str) -> None:
    """A CreateSchedule retried with its ClientToken answers the same schedule."""
    arn = schedules(unique_name, "rate(1 hour)", SQS_TARGET, ClientToken="abc")
    again = scheduler.create_schedule(Name=unique_name, ScheduleExpression="rate(1 hour)",
                                      FlexibleTimeWindow={"Mode": "OFF"}, Target=SQS_TARGET,
                                      ClientToken="abc")
    assert again["ScheduleArn"] == arn


def test_schedule_in_unknown_group_is_not_found(scheduler: Any, unique_name: str) -> None:
    with pytest.raises(ClientError) as err:
        scheduler.create_schedule(Name="s", GroupName=unique_name,
                                  ScheduleExpression="rate(1 hour)",
                                  FlexibleTimeWindow={"Mode": "OFF"}, Target=SQS_TARGET)
    assert error(err) == ("ResourceNotFoundException", 404)
    assert err.value.response["Error"]["Message"] == f"Schedule group {unique_name} does not exist."


def test_get_and_delete_unknown_schedule(scheduler: Any, unique_name: str) -> None:
    for call in (scheduler.get_schedule, scheduler.delete_schedule):
        with pytest.raises(ClientError) as err:
            call(Name=unique_name)
        assert error(err) == ("ResourceNotFoundException", 404)
        assert err.value.response["Error"]["Message"] == f"Schedule {unique_name} does not exist."


@pytest.mark.parametrize("expression", ["rate(5 minute)", "rate(0 minutes)", "cron(0 9 * * *)",
                                        "at(2030-13-01T00:00:00)", "every day"])
def test_invalid_expression_is_rejected(scheduler: Any, unique_name: str,
                                        expression: str) -> None:
    with pytest.raises(ClientError) as err:
        scheduler.create_schedule(Name=unique_name, ScheduleExpression=expression,
                                  FlexibleTimeWindow={"Mode": "OFF"}, Target=SQS_TARGET)
    assert error(err) == ("ValidationException", 400)
    assert err.value.response["Error"]["Message"] == f"Invalid Schedule Expression {expression}."


def test_invalid_time_zone_is_rejected(scheduler: Any, unique_name: str) -> None:
    with pytest.raises(ClientError) as err:
        scheduler.create_schedule(Name=unique_name, ScheduleExpression="cron(0 9 * * ? *)",
                                  ScheduleExpressionTimezone="Mars/Olympus",
                                  FlexibleTimeWindow={"Mode": "OFF"}, Target=SQS_TARGET)
    assert error(err) == ("ValidationException", 400)


@pytest.mark.parametrize("window", [{"Mode": "FLEXIBLE"},
                                    {"Mode": "OFF", "MaximumWindowInMinutes": 5}])
def test_flexible_window_needs_its_length(scheduler: Any, unique_name: str,
                                          window: dict[str, Any]) -> None:
    """MaximumWindowInMinutes goes with Mode FLEXIBLE, and only with it."""
    with pytest.raises(ClientError) as err:
        scheduler.create_schedule(Name=unique_name, ScheduleExpression="rate(1 hour)",
                                  FlexibleTimeWindow=window, Target=SQS_TARGET)
    assert error(err) == ("ValidationException", 400)


def test_end_date_before_start_date_is_rejected(scheduler: Any, unique_name: str) -> None:
    with pytest.raises(ClientError) as err:
        scheduler.create_schedule(Name=unique_name, ScheduleExpression="rate(1 hour)",
                                  StartDate=datetime(2031, 1, 1, tzinfo=UTC),
                                  EndDate=datetime(2030, 1, 1, tzinfo=UTC),
                                  FlexibleTimeWindow={"Mode": "OFF"}, Target=SQS_TARGET)
    assert error(err) == ("ValidationException", 400)


def test_lambda_target_input_must_be_json(scheduler: Any, unique_name: str) -> None:
    """A templated Lambda target's Input must be well-formed JSON (an SQS one need not)."""
    with pytest.raises(ClientError) as err:
        scheduler.create_schedule(Name=unique_name, ScheduleExpression="rate(1 hour)",
                                  FlexibleTimeWindow={"Mode": "OFF"},
                                  Target={**LAMBDA_TARGET, "Input": "not json"})
    assert error(err) == ("ValidationException", 400)


def test_model_checks_apply(scheduler: Any, unique_name: str) -> None:
    """Members the model constrains (the role ARN's pattern) are checked with AWS's text."""
    with pytest.raises(ClientError) as err:
        scheduler.create_schedule(Name=unique_name, ScheduleExpression="rate(1 hour)",
                                  FlexibleTimeWindow={"Mode": "OFF"},
                                  Target={"Arn": SQS_TARGET["Arn"], "RoleArn": "not-a-role"})
    assert error(err) == ("ValidationException", 400)
    assert "1 validation error detected" in err.value.response["Error"]["Message"]


def test_update_replaces_every_setting(scheduler: Any, schedules: Callable[..., str],
                                       unique_name: str) -> None:
    """UpdateSchedule resets what it leaves out (Description, State) to the defaults."""
    arn = schedules(unique_name, "rate(1 hour)", SQS_TARGET, Description="d", State="DISABLED")
    created = scheduler.get_schedule(Name=unique_name)
    out = scheduler.update_schedule(Name=unique_name, ScheduleExpression="rate(2 hours)",
                                    FlexibleTimeWindow={"Mode": "FLEXIBLE",
                                                        "MaximumWindowInMinutes": 10},
                                    Target=LAMBDA_TARGET)
    assert out["ScheduleArn"] == arn
    got = scheduler.get_schedule(Name=unique_name)
    assert got["ScheduleExpression"] == "rate(2 hours)"
    assert got["State"] == "ENABLED"
    assert "Description" not in got
    assert got["Target"]["Arn"] == LAMBDA_TARGET["Arn"]
    assert got["FlexibleTimeWindow"] == {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 10}
    assert got["CreationDate"] == created["CreationDate"]


def test_update_unknown_schedule_is_not_found(scheduler: Any, unique_name: str) -> None:
    with pytest.raises(ClientError) as err:
        scheduler.update_schedule(Name=unique_name, ScheduleExpression="rate(1 hour)",
                                  FlexibleTimeWindow={"Mode": "OFF"}, Target=SQS_TARGET)
    assert error(err) == ("ResourceNotFoundException", 404)


def test_delete_schedule(scheduler: Any, schedules: Callable[..., str], unique_name: str) -> None:
    schedules(unique_name, "rate(1 hour)", SQS_TARGET)
    scheduler.delete_schedule(Name=unique_name)
    with pytest.raises(ClientError) as err:
        scheduler.get_schedule(Name=unique_name)
    assert error(err) == ("ResourceNotFoundException", 404)


def test_list_schedules_filters_and_pages(scheduler: Any, schedules: Callable[..., str],
                                          unique_name: str) -> None:
    """NamePrefix, State and GroupName filter; MaxResults and NextToken page."""
    scheduler.create_schedule_group(Name=unique_name)
    try:
        for i in range(3):
            schedules(f"{unique_name}-{i}", "rate(1 hour)", SQS_TARGET,
                      State="DISABLED" if i == 1 else "ENABLED")
        schedules(f"{unique_name}-g", "rate(1 hour)", SQS_TARGET, GroupName=unique_name)

        listed = scheduler.list_schedules(NamePrefix=unique_name)["Schedules"]
        assert sorted(s["Name"] for s in listed) == sorted(
            [f"{unique_name}-{i}" for i in range(3)] + [f"{unique_name}-g"])
        disabled = scheduler.list_schedules(NamePrefix=unique_name, State="DISABLED")
        assert [s["Name"] for s in disabled["Schedules"]] == [f"{unique_name}-1"]
        in_group = scheduler.list_schedules(GroupName=unique_name)["Schedules"]
        assert [(s["Name"], s["GroupName"]) for s in in_group] == [(f"{unique_name}-g",
                                                                    unique_name)]
        assert in_group[0]["Target"] == {"Arn": SQS_TARGET["Arn"]}

        first = scheduler.list_schedules(NamePrefix=unique_name, GroupName="default",
                                         MaxResults=2)
        rest = scheduler.list_schedules(NamePrefix=unique_name, GroupName="default",
                                        MaxResults=2, NextToken=first["NextToken"])
        assert [s["Name"] for s in first["Schedules"] + rest["Schedules"]] == [
            f"{unique_name}-{i}" for i in range(3)]
        assert "NextToken" not in rest
    finally:
        scheduler.delete_schedule_group(Name=unique_name)


def test_list_schedules_of_unknown_group_is_not_found(scheduler: Any, unique_name: str) -> None:
    with pytest.raises(ClientError) as err:
        scheduler.list_schedules(GroupName=unique_name)
    assert error(err) == ("ResourceNotFoundException", 404)


def test_list_schedules_bad_token(scheduler: Any) -> None:
    with pytest.raises(ClientError) as err:
        scheduler.list_schedules(NextToken="%%%")
    assert error(err) == ("ValidationException", 400)
