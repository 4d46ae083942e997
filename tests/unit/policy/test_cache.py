"""Cached decisions are reused only while the condition keys they read keep their values."""

from __future__ import annotations

from cloudlet.policy.cache import DecisionCache
from cloudlet.policy.evaluate import AccessRequest, decide
from cloudlet.policy.request_keys import RequestKeys
from cloudlet.server.context import Principal

USER = Principal.user("arn:aws:iam::111122223333:user/alice")
POLICY = {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*",
                         "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}


def keys(ip: str) -> RequestKeys:
    return RequestKeys(USER, "us-east-1", lambda: 1.7e9, {}, extra={"source_ip": ip})


def test_reused_for_same_values_not_for_others() -> None:
    cache = DecisionCache()
    first = keys("10.1.2.3")
    decision = decide(AccessRequest(USER, "s3:GetObject", "*", first), [POLICY])
    assert decision.allowed and "aws:sourceip" in first.read
    cache.put(("k", "s3:GetObject", "*", 1, 0), first, decision)
    assert cache.get(("k", "s3:GetObject", "*", 1, 0), keys("10.1.2.3")) == decision
    assert cache.get(("k", "s3:GetObject", "*", 1, 0), keys("192.0.2.1")) is None
    assert cache.get(("k", "s3:GetObject", "*", 2, 0), keys("10.1.2.3")) is None


def test_decisions_that_read_the_clock_are_not_kept() -> None:
    cache = DecisionCache()
    ctx = keys("10.0.0.1")
    policy = {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {
        "DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}}]}
    decision = decide(AccessRequest(USER, "s3:GetObject", "*", ctx), [policy])
    assert decision.allowed
    cache.put(("k", "a", "*", 1, 0), ctx, decision)
    assert cache.get(("k", "a", "*", 1, 0), keys("10.0.0.1")) is None
