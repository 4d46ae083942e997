"""Archives and replays.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-archive.html
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-replay-archived-event.html
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from botocore.exceptions import ClientError

from tests.e2e.events.conftest import Recorder, entry, error, received, rule_to
from tests.e2e.lambda_.conftest import wait_for

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def bus_arn(events: Any, bus: str) -> str:
    return str(events.describe_event_bus(Name=bus)["Arn"])


def test_archive_lifecycle(events: Any, bus: str, bus_arn: str) -> None:
    name = f"{bus}-all"
    created = events.create_archive(ArchiveName=name, EventSourceArn=bus_arn,
                                    Description="all", RetentionDays=7)
    assert created["ArchiveArn"].endswith(f":archive/{name}")
    assert created["State"] == "ENABLED"
    with pytest.raises(ClientError) as err:
        events.create_archive(ArchiveName=name, EventSourceArn=bus_arn)
    assert error(err) == ("ResourceAlreadyExistsException", 400)
    events.update_archive(ArchiveName=name, Description="changed")
    described = events.describe_archive(ArchiveName=name)
    assert (described["Description"], described["RetentionDays"]) == ("changed", 7)
    listed = events.list_archives(EventSourceArn=bus_arn)["Archives"]
    assert [a["ArchiveName"] for a in listed] == [name]
    events.delete_archive(ArchiveName=name)
    with pytest.raises(ClientError) as err:
        events.describe_archive(ArchiveName=name)
    assert error(err) == ("ResourceNotFoundException", 400)


def test_archive_needs_its_bus(events: Any) -> None:
    with pytest.raises(ClientError) as err:
        events.create_archive(
            ArchiveName="orphan",
            EventSourceArn="arn:aws:events:us-east-1:000000000000:event-bus/none")
    assert error(err) == ("ResourceNotFoundException", 400)


def test_archive_keeps_matching_events(events: Any, bus: str, bus_arn: str) -> None:
    name = f"{bus}-big"
    events.create_archive(ArchiveName=name, EventSourceArn=bus_arn,
                          EventPattern=json.dumps({"detail": {"big": [True]}}))
    events.put_events(Entries=[entry({"big": True}, EventBusName=bus),
                               entry({"big": False}, EventBusName=bus),
                               entry({"big": True}, EventBusName=bus)])
    assert events.describe_archive(ArchiveName=name)["EventCount"] == 2
    events.delete_archive(ArchiveName=name)


def test_replay_redelivers_with_replay_name(events: Any, bus: str, bus_arn: str,
                                            recorder: Recorder) -> None:
    """A replay sends the archived events of its time range to the bus's rules again,
    each with ``replay-name``."""
    name = f"{bus}-arch"
    archive_arn = events.create_archive(ArchiveName=name, EventSourceArn=bus_arn)["ArchiveArn"]
    fn, out = recorder()
    rule_to(events, "r", fn, EventBusName=bus)
    events.put_events(Entries=[entry({"n": 1}, EventBusName=bus, Time=T0),
                               entry({"n": 2}, EventBusName=bus,
                                     Time=T0 + dt.timedelta(hours=2))])
    received(out, 2)
    started = events.start_replay(
        ReplayName=f"{bus}-rp", EventSourceArn=archive_arn, EventStartTime=T0,
        EventEndTime=T0 + dt.timedelta(hours=1), Destination={"Arn": bus_arn})
    assert started["State"] == "STARTING"
    got = received(out, 3)
    replayed = [e for e in got if "replay-name" in e]
    assert [(e["replay-name"], e["detail"]) for e in replayed] == [(f"{bus}-rp", {"n": 1})]
    assert EventBridgeModel.model_validate(replayed[0]).replay_name == f"{bus}-rp"
    wait_for(lambda: events.describe_replay(ReplayName=f"{bus}-rp")["State"] == "COMPLETED")
    assert f"{bus}-rp" in [r["ReplayName"] for r in events.list_replays()["Replays"]]
    with pytest.raises(ClientError) as err:
        events.start_replay(ReplayName=f"{bus}-rp", EventSourceArn=archive_arn,
                            EventStartTime=T0, EventEndTime=T0 + dt.timedelta(hours=1),
                            Destination={"Arn": bus_arn})
    assert error(err) == ("ResourceAlreadyExistsException", 400)
    events.delete_archive(ArchiveName=name)


def test_replay_time_range_must_be_ordered(events: Any, bus: str, bus_arn: str) -> None:
    name = f"{bus}-order"
    archive_arn = events.create_archive(ArchiveName=name, EventSourceArn=bus_arn)["ArchiveArn"]
    with pytest.raises(ClientError) as err:
        events.start_replay(ReplayName=f"{bus}-bad", EventSourceArn=archive_arn,
                            EventStartTime=T0, EventEndTime=T0, Destination={"Arn": bus_arn})
    assert error(err) == ("ValidationException", 400)
    events.delete_archive(ArchiveName=name)
