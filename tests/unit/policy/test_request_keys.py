"""The global condition keys of a call."""

from __future__ import annotations

from cloudlet.policy.request_keys import RequestKeys
from cloudlet.server.context import Principal

USER = Principal.user("arn:aws:iam::111122223333:user/alice")


def test_request_keys() -> None:
    ctx = RequestKeys(USER, "eu-west-1", lambda: 0.0, {"Tags": [{"Key": "env", "Value": "p"}]},
                      session_tags={"team": "blue"})
    assert ctx["aws:PrincipalType"] == "User" and ctx["aws:username"] == "alice"
    assert ctx["aws:RequestedRegion"] == "eu-west-1"
    assert ctx["aws:PrincipalTag/team"] == "blue" and ctx["aws:RequestTag/env"] == "p"
    assert ctx["aws:TagKeys"] == ["env"] and ctx["aws:EpochTime"] == "0"
    assert ctx["aws:CurrentTime"] == "1970-01-01T00:00:00Z"
    assert "aws:SourceArn" not in ctx
