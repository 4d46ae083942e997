"""Time to Live: UpdateTimeToLive, DescribeTimeToLive.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html
- Items whose TTL attribute (a Number, epoch seconds) is in the past are deleted by a
  background process (``reaper.py``; here within seconds), and appear in the table's
  stream as service deletions.
- Enabling TTL that is already enabled, or disabling it when it is off, is a
  ValidationException.

LIMITATIONS: the status goes straight to ENABLED / DISABLED (no ENABLING/DISABLING).
"""

from __future__ import annotations

from cloudlet.server.context import RequestContext
from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.registry import backends, service
from cloudlet.services.dynamodb.shapes import (
    DescribeTimeToLiveInput,
    DescribeTimeToLiveOutput,
    TimeToLiveDescription,
    UpdateTimeToLiveInput,
    UpdateTimeToLiveOutput,
)


@service.operation("UpdateTimeToLive")
def update_time_to_live(ctx: RequestContext, req: UpdateTimeToLiveInput) -> UpdateTimeToLiveOutput:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html"""
    backend = backends.of(ctx)
    table = backend.control_table(req["TableName"])
    spec = req["TimeToLiveSpecification"]
    enabled = bool(spec["Enabled"])
    name = spec["AttributeName"]
    if enabled and table.ttl_enabled:
        raise ValidationException("TimeToLive is already enabled")
    if not enabled and not table.ttl_enabled:
        raise ValidationException("TimeToLive is already disabled")
    if not enabled and name != table.ttl_attribute:
        raise ValidationException(
            "TimeToLive is active on a different AttributeName: current AttributeName is "
            f"{table.ttl_attribute}")
    with backend.transaction():
        table.ttl_enabled = enabled
        table.ttl_attribute = name
        backend.save_table(table)
        backend.refresh_expiry(table)
    return {"TimeToLiveSpecification": {"Enabled": enabled, "AttributeName": name}}


@service.operation("DescribeTimeToLive")
def describe_time_to_live(ctx: RequestContext,
                          req: DescribeTimeToLiveInput) -> DescribeTimeToLiveOutput:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTimeToLive.html"""
    table = backends.of(ctx).control_table(req["TableName"])
    if table.ttl_attribute is None:
        return {"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}}
    status = "ENABLED" if table.ttl_enabled else "DISABLED"
    out: TimeToLiveDescription = {"TimeToLiveStatus": status}
    if table.ttl_enabled:
        out["AttributeName"] = table.ttl_attribute
    return {"TimeToLiveDescription": out}
