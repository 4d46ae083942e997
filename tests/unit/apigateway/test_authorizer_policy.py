"""Evaluating a Lambda authorizer's policy against the method ARN (gateway/authorizer_policy.py)."""

from __future__ import annotations

from typing import Any

import pytest

from cloudlet.services.apigateway.gateway.authorizer_policy import (
    PolicyError,
    evaluate,
    matches,
    method_arn,
)

ARN = "arn:aws:execute-api:us-east-1:000000000000:abc123/prod/GET/pets/1"


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def stmt(effect: str, resource: Any, action: Any = "execute-api:Invoke") -> dict[str, Any]:
    return {"Effect": effect, "Action": action, "Resource": resource}


def test_the_method_arn_names_stage_verb_and_path_without_its_slash() -> None:
    assert method_arn("us-east-1", "000000000000", "abc123", "prod", "GET", "/pets/1") == ARN
    assert method_arn("us-east-1", "1", "a", "s", "GET", "/").endswith("a/s/GET/")


def test_an_allow_for_the_arn_allows() -> None:
    assert evaluate(policy(stmt("Allow", ARN)), ARN) == "Allow"


def test_no_matching_allow_is_an_implicit_deny() -> None:
    other = ARN.replace("GET", "POST")
    assert evaluate(policy(stmt("Allow", other)), ARN) == "ImplicitDeny"
    assert evaluate(policy(), ARN) == "ImplicitDeny"


def test_an_explicit_deny_wins_over_an_allow() -> None:
    found = evaluate(policy(stmt("Allow", "*"), stmt("Deny", ARN)), ARN)

    assert found == "ExplicitDeny"


def test_star_matches_across_slashes_and_question_mark_one_character() -> None:
    assert matches("arn:aws:execute-api:*:*:abc123/*", ARN)
    assert matches("arn:aws:execute-api:us-east-1:000000000000:abc123/prod/GET/pets/?", ARN)
    assert not matches("arn:aws:execute-api:us-east-1:000000000000:abc123/prod/GET/pets/??",
                       ARN)


def test_actions_and_resources_may_be_lists_and_actions_ignore_case() -> None:
    found = evaluate(policy(stmt("Allow", ["x", ARN], ["s3:GetObject", "EXECUTE-API:*"])), ARN)

    assert found == "Allow"


def test_a_statement_for_another_action_does_not_apply() -> None:
    assert evaluate(policy(stmt("Allow", "*", "s3:*")), ARN) == "ImplicitDeny"


def test_not_resource_applies_to_every_other_resource() -> None:
    statement = {"Effect": "Deny", "Action": "*", "NotResource": ARN}
    assert evaluate(policy(stmt("Allow", "*"), statement), ARN) == "Allow"
    other = ARN.replace("pets/1", "pets/2")
    assert evaluate(policy(stmt("Allow", "*"), statement), other) == "ExplicitDeny"


def test_a_single_statement_object_is_accepted() -> None:
    assert evaluate({"Statement": stmt("Allow", "*")}, ARN) == "Allow"


@pytest.mark.parametrize("bad", [
    "not a policy",
    {"Statement": "x"},
    policy({"Effect": "allow", "Action": "*", "Resource": "*"}),
    policy({"Effect": "Allow", "Resource": "*"}),
    policy({"Effect": "Allow", "Action": "*"}),
    policy({"Effect": "Allow", "Action": "*", "Resource": 5}),
    policy({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {}}),
])
def test_a_policy_api_gateway_cannot_evaluate_is_refused(bad: Any) -> None:
    with pytest.raises(PolicyError):
        evaluate(bad, ARN)
