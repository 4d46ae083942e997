"""Evaluating the IAM policy a Lambda authorizer returns against the method being called.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html

- The method ARN is ``arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}``
  (the path as requested, without its leading ``/``).
- A statement applies when its ``Action`` (or, inverted, ``NotAction``) matches
  ``execute-api:Invoke`` and its ``Resource`` (or ``NotResource``) matches the method ARN;
  ``Action`` and ``Resource`` may be a string or a list. ``*`` matches any run of characters
  (``/`` included) and ``?`` any one character; actions match without regard to case.
- An applicable ``Deny`` wins over any ``Allow`` (explicit deny); with no applicable
  ``Allow`` the request is denied too (implicit deny).

LIMITATIONS: ``Condition`` blocks are not evaluated: a statement with one is refused as a
configuration error (``PolicyError``), never silently applied or ignored.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Literal

ACTION = "execute-api:Invoke"
Decision = Literal["Allow", "ExplicitDeny", "ImplicitDeny"]


class PolicyError(Exception):
    """The policy document is not one API Gateway can evaluate."""


def method_arn(region: str, account: str, api_id: str, stage: str, verb: str, path: str) -> str:
    return f"arn:aws:execute-api:{region}:{account}:{api_id}/{stage}/{verb}/{path.lstrip('/')}"


@lru_cache(maxsize=1024)
def _pattern(text: str, ignore_case: bool) -> re.Pattern[str]:
    parts = (".*" if c == "*" else "." if c == "?" else re.escape(c) for c in text)
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL)


def matches(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """IAM wildcard matching: ``*`` any run of characters, ``?`` one."""
    return _pattern(pattern, ignore_case).fullmatch(value) is not None


def _strings(value: Any, what: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise PolicyError(f"{what} must be a string or a list of strings")


def _applies(statement: dict[str, Any], arn: str) -> bool:
    if "Condition" in statement:
        raise PolicyError("not supported: Condition in an authorizer policy")
    if "Action" in statement:
        action = any(matches(p, ACTION, ignore_case=True)
                     for p in _strings(statement["Action"], "Action"))
    elif "NotAction" in statement:
        action = not any(matches(p, ACTION, ignore_case=True)
                         for p in _strings(statement["NotAction"], "NotAction"))
    else:
        raise PolicyError("a statement needs Action or NotAction")
    if "Resource" in statement:
        resource = any(matches(p, arn) for p in _strings(statement["Resource"], "Resource"))
    elif "NotResource" in statement:
        resource = not any(matches(p, arn)
                           for p in _strings(statement["NotResource"], "NotResource"))
    else:
        raise PolicyError("a statement needs Resource or NotResource")
    return action and resource


def evaluate(policy: Any, arn: str) -> Decision:
    """Whether ``policy`` (a policy document) allows invoking ``arn``."""
    if not isinstance(policy, dict):
        raise PolicyError("policyDocument must be an object")
    statements = policy.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        raise PolicyError("policyDocument needs a Statement list")
    allowed = False
    for statement in statements:
        if not isinstance(statement, dict):
            raise PolicyError("a statement must be an object")
        effect = statement.get("Effect")
        if effect not in ("Allow", "Deny"):
            raise PolicyError("Effect must be Allow or Deny")
        if not _applies(statement, arn):
            continue
        if effect == "Deny":
            return "ExplicitDeny"
        allowed = True
    return "Allow" if allowed else "ImplicitDeny"
