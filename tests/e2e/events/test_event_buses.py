"""Event buses, their permissions and tags.

https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html
https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html
https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TagResource.html
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.events.conftest import error
from tests.server import RunningServer


def test_default_bus_exists_in_every_account(server: RunningServer) -> None:
    """Each account has a default event bus in each region."""
    client = make_client(server, "events", access_key="111122223333", region="eu-west-1")
    bus = client.describe_event_bus()
    assert bus["Name"] == "default"
    assert bus["Arn"] == "arn:aws:events:eu-west-1:111122223333:event-bus/default"


def test_create_describe_list_delete(events: Any) -> None:
    name = "orders-" + uuid.uuid4().hex[:8]
    arn = events.create_event_bus(Name=name, Description="orders")["EventBusArn"]
    assert arn == f"arn:aws:events:us-east-1:000000000000:event-bus/{name}"
    described = events.describe_event_bus(Name=arn)
    assert (described["Name"], described["Description"]) == (name, "orders")
    listed = events.list_event_buses(NamePrefix="orders-")["EventBuses"]
    assert name in [b["Name"] for b in listed]
    events.delete_event_bus(Name=name)
    with pytest.raises(ClientError) as err:
        events.describe_event_bus(Name=name)
    assert error(err) == ("ResourceNotFoundException", 400)


def test_update_event_bus_description(events: Any, bus: str) -> None:
    out = events.update_event_bus(Name=bus, Description="new")
    assert (out["Name"], out["Description"]) == (bus, "new")
    assert events.describe_event_bus(Name=bus)["Description"] == "new"


def test_creating_an_existing_bus_fails(events: Any, bus: str) -> None:
    with pytest.raises(ClientError) as err:
        events.create_event_bus(Name=bus)
    assert error(err) == ("ResourceAlreadyExistsException", 400)


def test_the_default_bus_cannot_be_deleted(events: Any) -> None:
    with pytest.raises(ClientError) as err:
        events.delete_event_bus(Name="default")
    assert error(err) == ("ValidationException", 400)


def test_list_event_buses_pages(events: Any) -> None:
    prefix = "pg" + uuid.uuid4().hex[:6]
    for i in range(3):
        events.create_event_bus(Name=f"{prefix}-{i}")
    first = events.list_event_buses(NamePrefix=prefix, Limit=2)
    second = events.list_event_buses(NamePrefix=prefix, Limit=2, NextToken=first["NextToken"])
    names = [b["Name"] for b in first["EventBuses"] + second["EventBuses"]]
    assert names == [f"{prefix}-{i}" for i in range(3)]
    assert "NextToken" not in second
    for i in range(3):
        events.delete_event_bus(Name=f"{prefix}-{i}")


def test_put_and_remove_permission(events: Any, bus: str) -> None:
    """PutPermission adds a statement to the bus policy; RemovePermission removes it."""
    events.put_permission(EventBusName=bus, Action="events:PutEvents",
                          Principal="111122223333", StatementId="acct")
    events.put_permission(EventBusName=bus, Action="events:PutEvents", Principal="*",
                          StatementId="org", Condition={"Type": "StringEquals",
                                                        "Key": "aws:PrincipalOrgID",
                                                        "Value": "o-123"})
    policy = json.loads(events.describe_event_bus(Name=bus)["Policy"])
    statements = {s["Sid"]: s for s in policy["Statement"]}
    assert statements["acct"]["Principal"] == {"AWS": "arn:aws:iam::111122223333:root"}
    assert statements["acct"]["Resource"].endswith(f":event-bus/{bus}")
    assert statements["org"]["Condition"] == {"StringEquals": {"aws:PrincipalOrgID": "o-123"}}
    events.remove_permission(EventBusName=bus, StatementId="acct")
    policy = json.loads(events.describe_event_bus(Name=bus)["Policy"])
    assert [s["Sid"] for s in policy["Statement"]] == ["org"]
    with pytest.raises(ClientError) as err:
        events.remove_permission(EventBusName=bus, StatementId="acct")
    assert error(err) == ("ResourceNotFoundException", 400)
    events.remove_permission(EventBusName=bus, RemoveAllPermissions=True)
    assert "Policy" not in events.describe_event_bus(Name=bus)


def test_tags_on_buses_and_rules(events: Any, bus: str) -> None:
    bus_arn = events.describe_event_bus(Name=bus)["Arn"]
    events.tag_resource(ResourceARN=bus_arn, Tags=[{"Key": "team", "Value": "a"}])
    events.tag_resource(ResourceARN=bus_arn, Tags=[{"Key": "team", "Value": "b"},
                                                   {"Key": "env", "Value": "dev"}])
    events.untag_resource(ResourceARN=bus_arn, TagKeys=["env"])
    assert events.list_tags_for_resource(ResourceARN=bus_arn)["Tags"] == [
        {"Key": "team", "Value": "b"}]
    rule_arn = events.put_rule(Name="tagged", EventBusName=bus,
                               EventPattern='{"source": ["x"]}',
                               Tags=[{"Key": "k", "Value": "v"}])["RuleArn"]
    assert rule_arn.endswith(f":rule/{bus}/tagged")
    assert events.list_tags_for_resource(ResourceARN=rule_arn)["Tags"] == [
        {"Key": "k", "Value": "v"}]
    with pytest.raises(ClientError) as err:
        events.list_tags_for_resource(
            ResourceARN="arn:aws:events:us-east-1:000000000000:rule/missing")
    assert error(err) == ("ResourceNotFoundException", 400)
