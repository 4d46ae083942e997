"""Contributor Insights settings and Kinesis streaming destinations (read side).

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/contributorinsights_HowItWorks.html
- UpdateContributorInsights turns Contributor Insights on or off for a table or one of
  its global secondary indexes; DescribeContributorInsights and ListContributorInsights
  report it (DISABLED until set). The setting is stored with the table.
- DescribeKinesisStreamingDestination lists the table's Kinesis data stream
  destinations: always none here.

LIMITATIONS:
- No contributor data is collected: there are no CloudWatch rules
  (ContributorInsightsRuleList is never returned), and the status goes straight to
  ENABLED / DISABLED (no ENABLING / DISABLING).
- ListContributorInsights without TableName lists the tables and indexes whose setting
  was ever changed.
- Enable/Disable/UpdateKinesisStreamingDestination are not implemented (501).
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.services.dynamodb.errors import ResourceNotFoundException, ValidationException
from cloudlet.services.dynamodb.registry import backends, service
from cloudlet.services.dynamodb.shapes import (
    ContributorInsightsSummary,
    DescribeContributorInsightsInput,
    DescribeContributorInsightsOutput,
    DescribeKinesisStreamingDestinationInput,
    DescribeKinesisStreamingDestinationOutput,
    ListContributorInsightsInput,
    ListContributorInsightsOutput,
    UpdateContributorInsightsInput,
    UpdateContributorInsightsOutput,
)
from cloudlet.services.dynamodb.table import Table

DEFAULT_MODE = "ACCESSED_AND_THROTTLED_KEYS"
MAX_RESULTS = 100


def _setting(table: Table, index: str | None) -> dict[str, Any]:
    """The stored setting of the table (index None) or of one of its GSIs."""
    if index is not None:
        found = table.indexes.get(index)
        if found is None or not found.is_global:
            raise ResourceNotFoundException(
                f"Requested resource not found: Index: {index} not found")
    return table.insights.get(index or "", {})


def _summary(table: Table, index: str | None) -> ContributorInsightsSummary:
    setting = _setting(table, index)
    out: ContributorInsightsSummary = {"TableName": table.name}
    if index is not None:
        out["IndexName"] = index
    out["ContributorInsightsStatus"] = setting.get("status", "DISABLED")
    if setting.get("status") == "ENABLED":
        out["ContributorInsightsMode"] = setting.get("mode", DEFAULT_MODE)
    return out


@service.operation("DescribeContributorInsights")
def describe_contributor_insights(ctx: RequestContext, req: DescribeContributorInsightsInput
                                  ) -> DescribeContributorInsightsOutput:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeContributorInsights.html
    - ResourceNotFoundException for an unknown table or global secondary index.
    """
    table = backends.of(ctx).control_table(req["TableName"])
    index = req.get("IndexName")
    setting = _setting(table, index)
    out: DescribeContributorInsightsOutput = {"TableName": table.name}
    if index is not None:
        out["IndexName"] = index
    out["ContributorInsightsStatus"] = setting.get("status", "DISABLED")
    if "updated" in setting:
        out["LastUpdateDateTime"] = setting["updated"]
    if setting.get("status") == "ENABLED":
        out["ContributorInsightsMode"] = setting.get("mode", DEFAULT_MODE)
    return out


@service.operation("UpdateContributorInsights")
def update_contributor_insights(ctx: RequestContext, req: UpdateContributorInsightsInput
                                ) -> UpdateContributorInsightsOutput:
    """Enable (in ContributorInsightsMode, default ACCESSED_AND_THROTTLED_KEYS) or
    disable Contributor Insights for a table or a global secondary index.

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContributorInsights.html
    """
    backend = backends.of(ctx)
    table = backend.control_table(req["TableName"])
    index = req.get("IndexName")
    current = _setting(table, index)
    enable = req["ContributorInsightsAction"] == "ENABLE"
    setting: dict[str, Any] = {"status": "ENABLED" if enable else "DISABLED",
                               "updated": backend.clock.now()}
    mode = req.get("ContributorInsightsMode") or current.get("mode") or DEFAULT_MODE
    setting["mode"] = mode
    table.insights[index or ""] = setting
    with backend.transaction():
        backend.save_table(table)
    out: UpdateContributorInsightsOutput = {"TableName": table.name}
    if index is not None:
        out["IndexName"] = index
    out["ContributorInsightsStatus"] = setting["status"]
    if enable:
        out["ContributorInsightsMode"] = mode
    return out


@service.operation("ListContributorInsights")
def list_contributor_insights(ctx: RequestContext, req: ListContributorInsightsInput
                              ) -> ListContributorInsightsOutput:
    """The Contributor Insights summaries of a table and all its global secondary
    indexes (or, without TableName, of every table and index where it was set).

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListContributorInsights.html
    - At most MaxResults (up to 100) per page; NextToken continues.
    """
    backend = backends.of(ctx)
    name = req.get("TableName")
    entries: list[ContributorInsightsSummary] = []
    if name is not None:
        table = backend.control_table(name)
        entries.append(_summary(table, None))
        entries += [_summary(table, i.name) for i in table.global_indexes]
    else:
        for table_name in sorted(backend.tables):
            table = backend.tables[table_name]
            if "" in table.insights:
                entries.append(_summary(table, None))
            entries += [_summary(table, i.name) for i in table.global_indexes
                        if i.name in table.insights]
    token = req.get("NextToken")
    start = 0
    if token is not None:
        if not token.isdigit():
            raise ValidationException(f"Invalid NextToken: {token}")
        start = int(token)
    limit = req.get("MaxResults") or MAX_RESULTS
    out: ListContributorInsightsOutput = {
        "ContributorInsightsSummaries": entries[start:start + limit]}
    if start + limit < len(entries):
        out["NextToken"] = str(start + limit)
    return out


@service.operation("DescribeKinesisStreamingDestination")
def describe_kinesis_streaming_destination(
        ctx: RequestContext, req: DescribeKinesisStreamingDestinationInput
) -> DescribeKinesisStreamingDestinationOutput:
    """The table's Kinesis data stream destinations: none (streaming to Kinesis is not
    implemented).

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeKinesisStreamingDestination.html
    - ResourceNotFoundException if the table does not exist.
    """
    table = backends.of(ctx).control_table(req["TableName"])
    return {"TableName": table.name, "KinesisDataStreamDestinations": []}
