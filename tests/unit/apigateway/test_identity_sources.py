"""Reading authorizer identity sources from a request (gateway/identity_sources.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cloudlet.config import Config
from cloudlet.server.http import Request
from cloudlet.server.state import ServerState
from cloudlet.services.apigateway.gateway.entry import ApiRef
from cloudlet.services.apigateway.gateway.identity_sources import identity_value
from cloudlet.services.apigateway.gateway.invocation import Invocation


@pytest.fixture
def inv(tmp_path: Path) -> Invocation:
    raw = [("x-token", "a"), ("x-token", "b"), ("x-empty", "")]
    request = Request("GET", "/test/pets", "/test/pets", "q=1&q=2&blank=", {"x-token": "a,b",
                      "x-empty": ""}, b"", host="abc.execute-api.localhost", raw_headers=raw,
                      client=("10.0.0.9", 1))
    return Invocation(state=ServerState(Config(data_dir=tmp_path), {}), request=request,
                      api=ApiRef("abc", "REST", "000000000000", "us-east-1"),
                      stage_name="test", stage={}, snapshot={}, path="/pets", request_id="r1",
                      extended_request_id="e", request_time_epoch=0,
                      stage_variables={"tier": "gold"})


@pytest.mark.parametrize(("source", "expected"), [
    ("method.request.header.X-Token", "a,b"),
    ("method.request.multivalueheader.X-Token", "a,b"),
    ("method.request.querystring.q", "2"),
    ("method.request.multivaluequerystring.q", "1,2"),
    ("stageVariables.tier", "gold"),
    ("context.requestId", "r1"),
    ("context.identity.sourceIp", "10.0.0.9"),
])
def test_each_kind_of_source_is_read(inv: Invocation, source: str, expected: str) -> None:
    assert identity_value(inv, source) == expected


@pytest.mark.parametrize("source", [
    "method.request.header.X-Empty", "method.request.header.X-None",
    "method.request.querystring.blank", "method.request.querystring.none",
    "stageVariables.none", "context.nothing", "context.identity", "method.request.path.id",
])
def test_absent_or_empty_sources_are_none(inv: Invocation, source: str) -> None:
    assert identity_value(inv, source) is None
