"""Schedule groups: the default group, create, get, list, delete, tags.

https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateScheduleGroup.html
https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-group.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.scheduler.conftest import ACCOUNT, REGION, ROLE, error


def test_default_group_exists(scheduler: Any) -> None:
    """Every account and region has the schedule group ``default``."""
    group = scheduler.get_schedule_group(Name="default")
    assert group["Arn"] == f"arn:aws:scheduler:{REGION}:{ACCOUNT}:schedule-group/default"
    assert group["State"] == "ACTIVE"
    names = [g["Name"] for g in scheduler.list_schedule_groups()["ScheduleGroups"]]
    assert "default" in names


def test_create_get_list_delete_group(scheduler: Any, unique_name: str) -> None:
    """A created group is listed (by NamePrefix too) until it is deleted."""
    arn = scheduler.create_schedule_group(Name=unique_name)["ScheduleGroupArn"]
    assert arn == f"arn:aws:scheduler:{REGION}:{ACCOUNT}:schedule-group/{unique_name}"
    got = scheduler.get_schedule_group(Name=unique_name)
    assert (got["Name"], got["Arn"], got["State"]) == (unique_name, arn, "ACTIVE")
    assert got["CreationDate"] == got["LastModificationDate"]
    listed = scheduler.list_schedule_groups(NamePrefix=unique_name)["ScheduleGroups"]
    assert [g["Name"] for g in listed] == [unique_name]
    scheduler.delete_schedule_group(Name=unique_name)
    with pytest.raises(ClientError) as err:
        scheduler.get_schedule_group(Name=unique_name)
    assert error(err) == ("ResourceNotFoundException", 404)
    assert err.value.response["Error"]["Message"] == f"Schedule group {unique_name} does not exist."


def test_create_existing_group_conflicts(scheduler: Any, unique_name: str) -> None:
    """A second group with the same name is a ConflictException (409)."""
    scheduler.create_schedule_group(Name=unique_name)
    try:
        with pytest.raises(ClientError) as err:
            scheduler.create_schedule_group(Name=unique_name)
        assert error(err) == ("ConflictException", 409)
    finally:
        scheduler.delete_schedule_group(Name=unique_name)


def test_create_group_with_same_client_token_is_idempotent(scheduler: Any, unique_name: str) -> None:
    """Repeating CreateScheduleGroup with its ClientToken answers the same group."""
    first = scheduler.create_schedule_group(Name=unique_name, ClientToken="token-1")
    try:
        again = scheduler.create_schedule_group(Name=unique_name, ClientToken="token-1")
        assert again["ScheduleGroupArn"] == first["ScheduleGroupArn"]
    finally:
        scheduler.delete_schedule_group(Name=unique_name)


def test_delete_unknown_group_is_not_found(scheduler: Any, unique_name: str) -> None:
    with pytest.raises(ClientError) as err:
        scheduler.delete_schedule_group(Name=unique_name)
    assert error(err) == ("ResourceNotFoundException", 404)


def test_default_group_cannot_be_deleted(scheduler: Any) -> None:
    with pytest.raises(ClientError) as err:
        scheduler.delete_schedule_group(Name="default")
    assert error(err) == ("ValidationException", 400)
    assert scheduler.get_schedule_group(Name="default")["Name"] == "default"


def test_deleting_a_group_deletes_its_schedules(scheduler: Any, unique_name: str) -> None:
    """Deleting a schedule group deletes the schedules in it."""
    scheduler.create_schedule_group(Name=unique_name)
    scheduler.create_schedule(
        Name="inside", GroupName=unique_name, ScheduleExpression="rate(1 hour)",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target={"Arn": "arn:aws:sqs:us-east-1:000000000000:nowhere", "RoleArn": ROLE})
    scheduler.delete_schedule_group(Name=unique_name)
    scheduler.create_schedule_group(Name=unique_name)
    try:
        assert scheduler.list_schedules(GroupName=unique_name)["Schedules"] == []
    finally:
        scheduler.delete_schedule_group(Name=unique_name)


def test_group_tags(scheduler: Any, unique_name: str) -> None:
    """Tags given at creation, added, replaced and removed, on a group's ARN.
    https://docs.aws.amazon.com/scheduler/latest/APIReference/API_TagResource.html
    """
    arn = scheduler.create_schedule_group(
        Name=unique_name, Tags=[{"Key": "team", "Value": "a"}])["ScheduleGroupArn"]
    try:
        scheduler.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "b"},
                                                      {"Key": "env", "Value": "dev"}])
        tags = scheduler.list_tags_for_resource(ResourceArn=arn)["Tags"]
        assert sorted((t["Key"], t["Value"]) for t in tags) == [("env", "dev"), ("team", "b")]
        scheduler.untag_resource(ResourceArn=arn, TagKeys=["team"])
        assert scheduler.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
            {"Key": "env", "Value": "dev"}]
    finally:
        scheduler.delete_schedule_group(Name=unique_name)
    with pytest.raises(ClientError) as err:
        scheduler.list_tags_for_resource(ResourceArn=arn)
    assert error(err) == ("ResourceNotFoundException", 404)


def test_list_groups_pages(scheduler: Any, unique_name: str) -> None:
    """MaxResults cuts pages; NextToken continues; the last page has no NextToken."""
    names = [f"{unique_name}-{i}" for i in range(3)]
    for name in names:
        scheduler.create_schedule_group(Name=name)
    try:
        first = scheduler.list_schedule_groups(NamePrefix=unique_name, MaxResults=2)
        assert [g["Name"] for g in first["ScheduleGroups"]] == names[:2]
        rest = scheduler.list_schedule_groups(NamePrefix=unique_name, MaxResults=2,
                                              NextToken=first["NextToken"])
        assert [g["Name"] for g in rest["ScheduleGroups"]] == names[2:]
        assert "NextToken" not in rest
    finally:
        for name in names:
            scheduler.delete_schedule_group(Name=name)
