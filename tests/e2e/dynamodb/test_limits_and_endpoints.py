"""DescribeLimits and DescribeEndpoints.
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeLimits.html
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeEndpoints.html"""

from __future__ import annotations

from typing import Any


def test_describe_limits(ddb: Any) -> None:
    resp = ddb.describe_limits()
    assert resp["AccountMaxReadCapacityUnits"] >= resp["TableMaxReadCapacityUnits"] > 0
    assert resp["AccountMaxWriteCapacityUnits"] >= resp["TableMaxWriteCapacityUnits"] > 0


def test_describe_endpoints(ddb: Any) -> None:
    endpoints = ddb.describe_endpoints()["Endpoints"]
    assert endpoints[0]["CachePeriodInMinutes"] == 1440 and endpoints[0]["Address"]
