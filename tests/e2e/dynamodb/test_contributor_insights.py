"""Contributor Insights settings: DescribeContributorInsights, UpdateContributorInsights,
ListContributorInsights.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/contributorinsights_HowItWorks.html
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.dynamodb.support import error_of

GSI = {"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
       "Projection": {"ProjectionType": "ALL"}}


@pytest.fixture
def with_gsi(make_table: Callable[..., str]) -> str:
    return make_table(extra_attributes={"g": "S"}, GlobalSecondaryIndexes=[GSI])


def test_contributor_insights_are_disabled_by_default(ddb: Any, table: str) -> None:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeContributorInsights.html"""
    resp = ddb.describe_contributor_insights(TableName=table)
    assert resp["TableName"] == table
    assert resp["ContributorInsightsStatus"] == "DISABLED"
    assert "IndexName" not in resp


def test_enable_contributor_insights_on_a_table(ddb: Any, table: str) -> None:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContributorInsights.html"""
    resp = ddb.update_contributor_insights(TableName=table, ContributorInsightsAction="ENABLE")
    assert resp["TableName"] == table
    assert resp["ContributorInsightsStatus"] == "ENABLED"
    assert resp["ContributorInsightsMode"] == "ACCESSED_AND_THROTTLED_KEYS"

    described = ddb.describe_contributor_insights(TableName=table)
    assert described["ContributorInsightsStatus"] == "ENABLED"
    assert "LastUpdateDateTime" in described


def test_enable_with_throttled_keys_mode_then_disable(ddb: Any, table: str) -> None:
    resp = ddb.update_contributor_insights(TableName=table, ContributorInsightsAction="ENABLE",
                                           ContributorInsightsMode="THROTTLED_KEYS")
    assert resp["ContributorInsightsMode"] == "THROTTLED_KEYS"
    assert ddb.describe_contributor_insights(
        TableName=table)["ContributorInsightsMode"] == "THROTTLED_KEYS"

    off = ddb.update_contributor_insights(TableName=table, ContributorInsightsAction="DISABLE")
    assert off["ContributorInsightsStatus"] == "DISABLED"
    assert ddb.describe_contributor_insights(
        TableName=table)["ContributorInsightsStatus"] == "DISABLED"


def test_contributor_insights_on_a_global_secondary_index(ddb: Any, with_gsi: str) -> None:
    resp = ddb.update_contributor_insights(TableName=with_gsi, IndexName="byG",
                                           ContributorInsightsAction="ENABLE")
    assert (resp["IndexName"], resp["ContributorInsightsStatus"]) == ("byG", "ENABLED")

    index = ddb.describe_contributor_insights(TableName=with_gsi, IndexName="byG")
    table = ddb.describe_contributor_insights(TableName=with_gsi)
    assert index["IndexName"] == "byG" and index["ContributorInsightsStatus"] == "ENABLED"
    assert table["ContributorInsightsStatus"] == "DISABLED"


def test_contributor_insights_of_unknown_table(ddb: Any) -> None:
    code, message, status = error_of(ddb.describe_contributor_insights, TableName="nothere")
    assert (code, status) == ("ResourceNotFoundException", 400)
    assert message == "Requested resource not found: Table: nothere not found"
    code, _, _ = error_of(ddb.update_contributor_insights, TableName="nothere",
                          ContributorInsightsAction="ENABLE")
    assert code == "ResourceNotFoundException"


def test_contributor_insights_of_unknown_index(ddb: Any, table: str) -> None:
    code, _, status = error_of(ddb.describe_contributor_insights, TableName=table,
                               IndexName="nope")
    assert (code, status) == ("ResourceNotFoundException", 400)


def test_list_contributor_insights_of_a_table_and_its_indexes(ddb: Any, with_gsi: str) -> None:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListContributorInsights.html"""
    ddb.update_contributor_insights(TableName=with_gsi, IndexName="byG",
                                    ContributorInsightsAction="ENABLE")

    summaries = ddb.list_contributor_insights(TableName=with_gsi)["ContributorInsightsSummaries"]

    assert summaries == [
        {"TableName": with_gsi, "ContributorInsightsStatus": "DISABLED"},
        {"TableName": with_gsi, "IndexName": "byG", "ContributorInsightsStatus": "ENABLED",
         "ContributorInsightsMode": "ACCESSED_AND_THROTTLED_KEYS"},
    ]


def test_list_contributor_insights_pages(ddb: Any, with_gsi: str) -> None:
    first = ddb.list_contributor_insights(TableName=with_gsi, MaxResults=1)
    assert len(first["ContributorInsightsSummaries"]) == 1
    rest = ddb.list_contributor_insights(TableName=with_gsi, MaxResults=1,
                                         NextToken=first["NextToken"])
    assert rest["ContributorInsightsSummaries"][0]["IndexName"] == "byG"
    assert "NextToken" not in rest


def test_list_contributor_insights_of_all_tables(ddb: Any, table: str) -> None:
    ddb.update_contributor_insights(TableName=table, ContributorInsightsAction="ENABLE")
    summaries: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {}
    while True:
        page = ddb.list_contributor_insights(**kwargs)
        summaries += page["ContributorInsightsSummaries"]
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert {"TableName": table, "ContributorInsightsStatus": "ENABLED",
            "ContributorInsightsMode": "ACCESSED_AND_THROTTLED_KEYS"} in summaries


def test_list_contributor_insights_of_unknown_table(ddb: Any) -> None:
    code, _, status = error_of(ddb.list_contributor_insights, TableName="nothere")
    assert (code, status) == ("ResourceNotFoundException", 400)
