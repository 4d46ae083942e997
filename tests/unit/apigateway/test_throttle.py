"""Token buckets and the stage's method settings (gateway/throttle.py)."""

from __future__ import annotations

from cloudlet.services.apigateway.gateway.throttle import Buckets, Limit, escape_path, method_limit


def test_a_bucket_admits_its_burst_then_refuses() -> None:
    buckets = Buckets()
    limit = Limit(rate=1.0, burst=3)

    admitted = [buckets.take(("k",), limit, now=100.0) for _ in range(4)]

    assert admitted == [True, True, True, False]


def test_a_bucket_refills_at_its_rate() -> None:
    buckets = Buckets()
    limit = Limit(rate=2.0, burst=1)
    assert buckets.take(("k",), limit, now=10.0)
    assert not buckets.take(("k",), limit, now=10.2)

    assert buckets.take(("k",), limit, now=10.5)


def test_a_bucket_never_holds_more_than_its_burst() -> None:
    buckets = Buckets()
    limit = Limit(rate=100.0, burst=2)
    buckets.take(("k",), limit, now=0.0)

    admitted = [buckets.take(("k",), limit, now=60.0) for _ in range(3)]

    assert admitted == [True, True, False]


def test_buckets_of_different_keys_are_independent() -> None:
    buckets = Buckets()
    limit = Limit(rate=0.0, burst=1)
    assert buckets.take(("a",), limit, now=0.0)

    assert buckets.take(("b",), limit, now=0.0)
    assert not buckets.take(("a",), limit, now=0.0)


def test_changed_limits_start_a_full_bucket() -> None:
    buckets = Buckets()
    buckets.take(("k",), Limit(rate=0.0, burst=1), now=0.0)

    assert buckets.take(("k",), Limit(rate=0.0, burst=2), now=0.0)


def test_negative_or_unset_limits_are_no_limit() -> None:
    assert Limit.of(-1.0, -1) is None
    assert Limit.of(None, 10) is None
    assert Limit.of(10.0, -1) is None
    assert Limit.of(5.0, None) == Limit(5.0, 5)
    assert Limit.of(0.5, None) == Limit(0.5, 1)


def test_method_settings_key_escapes_slashes() -> None:
    assert escape_path("/pets/{id}") == "~1pets~1{id}"


def test_a_method_setting_overrides_the_stage_default_member_by_member() -> None:
    stage = {"methodSettings": {
        "*/*": {"throttlingRateLimit": 100.0, "throttlingBurstLimit": 50},
        "~1pets/GET": {"throttlingBurstLimit": 2},
    }}

    assert method_limit(stage, "/pets", "GET") == Limit(100.0, 2)
    assert method_limit(stage, "/pets", "POST") == Limit(100.0, 50)
    assert method_limit({}, "/pets", "GET") is None
