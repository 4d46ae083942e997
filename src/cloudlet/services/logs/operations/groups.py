"""Log groups: create, delete, describe, retention.

https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.logs import service, tokens
from cloudlet.services.logs.backend import stores
from cloudlet.services.logs.errors import InvalidParameterException
from cloudlet.services.logs.shapes import (
    CreateLogGroupRequest,
    DeleteLogGroupRequest,
    DeleteRetentionPolicyRequest,
    DescribeLogGroupsRequest,
    DescribeLogGroupsResponse,
    LogGroup,
    PutRetentionPolicyRequest,
)

RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
                  2192, 2557, 2922, 3288, 3653)
DEFAULT_LIMIT = 50


def describe_group(arn: str, group: dict[str, Any]) -> LogGroup:
    """A LogGroup as DescribeLogGroups returns it."""
    out: LogGroup = {
        "logGroupName": group["name"],
        "creationTime": group["created"],
        "metricFilterCount": 0,
        "arn": f"{arn}:*",
        "storedBytes": group["stored_bytes"],
        "logGroupClass": group["class"],
        "logGroupArn": arn,
    }
    if group["retention"]:
        out["retentionInDays"] = group["retention"]
    return out


@service.operation("CreateLogGroup")
def create_log_group(ctx: RequestContext, req: CreateLogGroupRequest) -> NoOutput:
    """Create a log group; ResourceAlreadyExistsException if the name is taken.
    https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
    """
    if req.get("logGroupName", "").startswith("aws/"):
        raise InvalidParameterException("Log group name cannot start with 'aws/'")
    stores.of(ctx).create_group(req["logGroupName"], req.get("tags"),
                                req.get("logGroupClass", "STANDARD"))
    return {}


@service.operation("DeleteLogGroup")
def delete_log_group(ctx: RequestContext, req: DeleteLogGroupRequest) -> NoOutput:
    """Delete a log group with all its streams and events.
    https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteLogGroup.html
    """
    stores.of(ctx).delete_group(req["logGroupName"])
    return {}


@service.operation("DescribeLogGroups")
def describe_log_groups(ctx: RequestContext,
                        req: DescribeLogGroupsRequest) -> DescribeLogGroupsResponse:
    """List log groups in name order, by prefix or by a case-insensitive substring
    (``logGroupNamePattern``), ``limit`` (default 50) per page.
    https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
    """
    prefix = req.get("logGroupNamePrefix")
    pattern = req.get("logGroupNamePattern")
    if prefix and pattern:
        raise InvalidParameterException(
            "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.")
    limit = req.get("limit", DEFAULT_LIMIT)
    after = tokens.decode(req["nextToken"]) if req.get("nextToken") else None
    wanted = req.get("logGroupIdentifiers")
    names = sorted({w.split(":log-group:", 1)[-1].removesuffix(":*") for w in wanted}) \
        if wanted else None
    store = stores.of(ctx)
    found = store.groups(prefix, pattern, after, limit, names)
    out: DescribeLogGroupsResponse = {
        "logGroups": [describe_group(store.arn(g["name"]), g) for g in found[:limit]]}
    if len(found) > limit:
        out["nextToken"] = tokens.encode(found[limit - 1]["name"])
    return out


@service.operation("PutRetentionPolicy")
def put_retention_policy(ctx: RequestContext, req: PutRetentionPolicyRequest) -> NoOutput:
    """Keep a group's events for ``retentionInDays`` (one of AWS's allowed values);
    older events are deleted and no longer returned.
    https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
    """
    days = req["retentionInDays"]
    if days not in RETENTION_DAYS:
        allowed = ", ".join(str(d) for d in RETENTION_DAYS)
        raise InvalidParameterException(
            f"1 validation error detected: Value '{days}' at 'retentionInDays' failed to "
            f"satisfy constraint: Member must satisfy enum value set: [{allowed}]")
    stores.of(ctx).set_retention(req["logGroupName"], days)
    return {}


@service.operation("DeleteRetentionPolicy")
def delete_retention_policy(ctx: RequestContext, req: DeleteRetentionPolicyRequest) -> NoOutput:
    """Keep the group's events forever again.
    https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteRetentionPolicy.html
    """
    stores.of(ctx).set_retention(req["logGroupName"], None)
    return {}
