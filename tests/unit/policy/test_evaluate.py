"""Policy evaluation, case by case (the AWS evaluation-logic page and its examples).

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
"""

from __future__ import annotations

from typing import Any

from cloudlet.policy.evaluate import AccessRequest, decide, identity_effect, resource_policy_effect
from cloudlet.server.context import Principal

A = "111122223333"
B = "444455556666"
USER = Principal.user(f"arn:aws:iam::{A}:user/alice")
SESSION = Principal.role_session(f"arn:aws:iam::{A}:role/app", "s1")
TABLE = f"arn:aws:dynamodb:us-east-1:{A}:table/books"


def allow(action: Any, resource: Any = "*", **more: Any) -> dict[str, Any]:
    return {"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource, **more}]}


def deny(action: Any, resource: Any = "*", **more: Any) -> dict[str, Any]:
    return {"Statement": {"Effect": "Deny", "Action": action, "Resource": resource, **more}}


def req(action: str = "dynamodb:GetItem", resource: str = TABLE, principal: Principal = USER,
        **context: Any) -> AccessRequest:
    return AccessRequest(principal, action, resource, context)


def test_no_policy_is_an_implicit_deny() -> None:
    got = decide(req(), [])
    assert (got.decision, got.reason) == ("implicitDeny", "no-identity")


def test_identity_policy_allows_the_action_on_the_resource() -> None:
    assert decide(req(), [allow("dynamodb:GetItem", TABLE)]).allowed
    assert not decide(req("dynamodb:PutItem"), [allow("dynamodb:GetItem", TABLE)]).allowed


def test_actions_match_case_insensitively_with_wildcards() -> None:
    assert decide(req("dynamodb:GetItem"), [allow("DynamoDB:get*")]).allowed
    assert decide(req("dynamodb:GetItem"), [allow("dynamodb:?etItem")]).allowed
    assert not decide(req("dynamodb:GetItem"), [allow("dynamodb:Get")]).allowed


def test_resources_match_case_sensitively() -> None:
    assert not decide(req(), [allow("*", TABLE.upper())]).allowed
    assert decide(req(), [allow("*", f"arn:aws:dynamodb:*:{A}:table/b*")]).allowed


def test_explicit_deny_wins_over_allow() -> None:
    got = decide(req(), [allow("*"), deny("dynamodb:GetItem", TABLE)])
    assert (got.decision, got.reason) == ("explicitDeny", "identity-deny")


def test_not_action_and_not_resource() -> None:
    doc = {"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}
    assert decide(req(), [doc]).allowed
    assert not decide(req("iam:CreateUser", "*"), [doc]).allowed
    doc = {"Statement": [{"Effect": "Allow", "Action": "*", "NotResource": TABLE}]}
    assert not decide(req(), [doc]).allowed
    assert decide(req(resource=TABLE + "x"), [doc]).allowed


def test_permissions_boundary_must_also_allow() -> None:
    got = decide(req(), [allow("*")], boundary=allow("s3:*"))
    assert (got.decision, got.reason) == ("implicitDeny", "no-boundary")
    assert decide(req(), [allow("*")], boundary=allow("dynamodb:*")).allowed
    got = decide(req(), [allow("*")], boundary=deny("*"))
    assert got.reason == "boundary-deny"


def test_boundary_alone_grants_nothing() -> None:
    assert decide(req(), [], boundary=allow("*")).reason == "no-identity"


def test_session_policy_must_also_allow() -> None:
    r = req(principal=SESSION)
    assert decide(r, [allow("*")], session=[allow("s3:*")]).reason == "no-session"
    assert decide(r, [allow("*")], session=[allow("dynamodb:GetItem")]).allowed
    assert decide(r, [allow("*")], session=[deny("*")]).reason == "session-deny"


def test_root_is_allowed_in_its_own_account() -> None:
    assert decide(req(principal=Principal.root(A)), []).allowed


def test_service_principal_is_allowed_unless_a_resource_policy_applies() -> None:
    svc = Principal.service(A, "apigateway.amazonaws.com")
    assert decide(req(principal=svc), []).allowed
    policy = {"Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
                             "Action": "*", "Resource": "*"}]}
    assert decide(req(principal=svc), [], resource_policy=policy).reason == "no-resource"


def test_same_account_resource_policy_naming_the_user_allows_alone() -> None:
    policy = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": USER.arn},
                             "Action": "dynamodb:GetItem", "Resource": TABLE}]}
    assert decide(req(), [], resource_policy=policy).allowed


def test_resource_policy_naming_the_account_delegates_to_identity_policies() -> None:
    policy = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": A},
                             "Action": "*", "Resource": "*"}]}
    assert not decide(req(), [], resource_policy=policy).allowed
    assert decide(req(), [allow("*")], resource_policy=policy).allowed


def test_cross_account_needs_both() -> None:
    other = f"arn:aws:dynamodb:us-east-1:{B}:table/t"
    policy = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"},
                             "Action": "*", "Resource": "*"}]}
    r = req(resource=other)
    assert decide(r, [allow("*")], resource_account=B).reason == "no-resource"
    assert decide(r, [], resource_policy=policy, resource_account=B).reason == "no-identity"
    assert decide(r, [allow("*")], resource_policy=policy, resource_account=B).allowed


def test_resource_policy_explicit_deny() -> None:
    policy = {"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}]}
    assert decide(req(), [allow("*")], resource_policy=policy).reason == "resource-deny"


def test_trust_policy_principals() -> None:
    role = f"arn:aws:iam::{A}:role/app"
    trust = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": role},
                            "Action": "sts:AssumeRole"}]}
    assert resource_policy_effect(trust, req("sts:AssumeRole", role, SESSION)) == "Allow"
    assert resource_policy_effect(trust, req("sts:AssumeRole", role, USER)) is None
    lam = {"Statement": [{"Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com"]},
                          "Action": "sts:AssumeRole"}]}
    svc = Principal.service(A, "lambda.amazonaws.com")
    assert resource_policy_effect(lam, req("sts:AssumeRole", role, svc)) == "Allow"
    assert resource_policy_effect(lam, req("sts:TagSession", role, svc)) is None


def test_federated_principal_with_audience_condition() -> None:
    provider = "cognito-identity.amazonaws.com"
    trust = {"Statement": [{
        "Effect": "Allow", "Principal": {"Federated": provider},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "pool-1"},
                      "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr":
                                                 "authenticated"}}}]}
    fed = Principal(A, provider, "federated")
    ok = req("sts:AssumeRoleWithWebIdentity", "*", fed, **{
        "cognito-identity.amazonaws.com:aud": "pool-1",
        "cognito-identity.amazonaws.com:amr": ["authenticated", "x"]})
    assert resource_policy_effect(trust, ok) == "Allow"
    bad = req("sts:AssumeRoleWithWebIdentity", "*", fed,
              **{"cognito-identity.amazonaws.com:aud": "pool-2"})
    assert resource_policy_effect(trust, bad) is None


def test_not_principal_deny() -> None:
    doc = {"Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": USER.arn},
                          "Action": "*", "Resource": "*"}]}
    assert resource_policy_effect(doc, req()) is None
    assert resource_policy_effect(doc, req(principal=SESSION)) == "Deny"


def test_assumed_role_session_arn_as_principal() -> None:
    doc = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": SESSION.arn},
                          "Action": "*", "Resource": "*"}]}
    assert resource_policy_effect(doc, req(principal=SESSION)) == "Allow"


def test_policy_variable_in_resource() -> None:
    doc = allow("s3:*", "arn:aws:s3:::home/${aws:username}/*")
    assert identity_effect([doc], req("s3:GetObject", "arn:aws:s3:::home/alice/f",
                                      **{"aws:username": "alice"})) == "Allow"
    assert identity_effect([doc], req("s3:GetObject", "arn:aws:s3:::home/bob/f",
                                      **{"aws:username": "alice"})) is None
    assert identity_effect([doc], req("s3:GetObject", "arn:aws:s3:::home/alice/f")) is None


def test_resource_policy_naming_the_role_is_limited_by_boundary_and_session() -> None:
    """A resource policy naming the role (not the session) is limited by the implicit deny
    of a permissions boundary or a session policy; naming the session is not."""
    by_role = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": SESSION.identity},
                              "Action": "*", "Resource": "*"}]}
    by_session = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": SESSION.arn},
                                 "Action": "*", "Resource": "*"}]}
    r = req(principal=SESSION)
    assert decide(r, [], resource_policy=by_role).allowed
    assert decide(r, [], resource_policy=by_role, session=[allow("s3:*")]).reason == "no-session"
    assert decide(r, [], resource_policy=by_role, boundary=allow("s3:*")).reason == "no-boundary"
    assert decide(r, [], resource_policy=by_session, session=[allow("s3:*")]).allowed
