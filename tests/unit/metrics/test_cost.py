"""Pricing recorded usage: the price table is data; the estimate is per line, service and
function, with a monthly projection at the same rate."""

from __future__ import annotations

import pytest

from cloudlet.cost import load, price
from cloudlet.cost.usage import Usage


def test_table_has_its_date_and_region() -> None:
    table = load()
    assert table.region == "us-east-1" and table.date
    assert table["lambda.gb_second.arm64"] < table["lambda.gb_second.x86_64"]


def test_lambda_dynamodb_and_storage_lines() -> None:
    usage = Usage(0, 3600, lambda_gb_seconds={("fn", "arm64", 512): 100.0},
                  lambda_requests={"fn": 1000.0}, dynamodb_units={"t": (4.0, 2.0)},
                  dynamodb_bytes={"t": 2 * 1024**3}, api_http_requests=1_000_000)
    found = price(usage, load())
    table = load()
    services = found.by_service()
    lambda_cost = 100 * table["lambda.gb_second.arm64"] + 1000 * table["lambda.request"]
    assert services["Lambda"][0] == pytest.approx(lambda_cost)
    assert services["Lambda"][1] == pytest.approx(lambda_cost * 720)
    assert found.by_function() == {"fn": pytest.approx((lambda_cost, lambda_cost * 720))}
    assert services["API Gateway"][0] == pytest.approx(1.0)
    storage = next(line for line in found.lines if line.item == "GB-month of storage")
    assert storage.monthly == pytest.approx(2 * 0.25)
    assert storage.cost == pytest.approx(2 * 0.25 / 720)
    assert found.total == pytest.approx(sum(c for c, _ in services.values()))
    assert found.to_dict()["unrecorded"] == ["SNS deliveries to HTTP, email and SMS",
                                             "EventBridge Scheduler invocations"]


def test_s3_tiers_sns_chunks_and_custom_events() -> None:
    usage = Usage(0, 3600, s3_tier1_requests=1000, s3_tier2_requests=10_000,
                  sns_requests=2_000_000, events_custom=1_000_000)
    services = price(usage, load()).by_service()
    assert services["S3"][0] == pytest.approx(1000 * 0.000005 + 10_000 * 0.0000004)
    assert services["SNS"][0] == pytest.approx(1.0)
    assert services["EventBridge"][0] == pytest.approx(1.0)


@pytest.mark.parametrize(("operation", "tier"), [
    ("PutObject", "Tier1"), ("CopyObject", "Tier1"), ("ListObjectsV2", "Tier1"),
    ("CreateMultipartUpload", "Tier1"), ("UploadPart", "Tier1"), ("GetObject", "Tier2"),
    ("HeadObject", "Tier2"), ("GetBucketPolicy", "Tier2"), ("DeleteObject", None),
    ("DeleteObjects", None), ("AbortMultipartUpload", None)])
def test_s3_price_tiers(operation: str, tier: str | None) -> None:
    from cloudlet.metrics.standard import s3_tier
    assert s3_tier(operation) == tier


def test_billed_chunks() -> None:
    from cloudlet.metrics.standard import chunks
    assert [chunks(n) for n in (0, 1, 65_536, 65_537, 262_144)] == [1, 1, 1, 2, 4]
