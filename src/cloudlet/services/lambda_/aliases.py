"""Aliases: a name for one function version, optionally sharing traffic with a second.

https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html
https://docs.aws.amazon.com/lambda/latest/api/API_CreateAlias.html
- An alias points to ``$LATEST`` or a published version; its ARN is the function's ARN
  qualified by the alias name. The model rejects alias names made only of digits.
- ``RoutingConfig.AdditionalVersionWeights`` sends a share (0 to 1) of invocations to
  one other published version; the rest run the alias's own version
  (https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html).
  At most one additional version; not with ``$LATEST``; not the alias's own version.
- Every change gives the alias a new ``RevisionId``; UpdateAlias with another
  ``RevisionId`` fails with PreconditionFailedException (412).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from cloudlet.services.lambda_.arns import LATEST
from cloudlet.services.lambda_.errors import InvalidParameterValueException


def routing(function_version: str, config: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The routing configuration to store (None when it has no weights), after Lambda's
    checks that the model cannot express. Whether the versions exist is the caller's."""
    weights = dict((config or {}).get("AdditionalVersionWeights") or {})
    if not weights:
        return None
    if len(weights) > 1:
        raise InvalidParameterValueException(
            "Number of items in AdditionalVersionWeights cannot be greater than 1")
    for version in weights:
        if version == function_version:
            raise InvalidParameterValueException(
                f"Invalid function version {function_version}. Function version "
                f"{function_version} is already included in routing configuration.")
        if function_version == LATEST:
            raise InvalidParameterValueException(
                "$LATEST is not supported for an alias pointing to more than 1 version")
    return {"AdditionalVersionWeights": weights}


def versions_of(alias: Mapping[str, Any]) -> list[str]:
    """Every version an alias can run: its own, then the weighted one."""
    weights = (alias.get("RoutingConfig") or {}).get("AdditionalVersionWeights") or {}
    return [str(alias["FunctionVersion"]), *weights]


def pick(alias: Mapping[str, Any], draw: Callable[[], float]) -> str:
    """The version one invocation runs: an additional version with its weight's
    probability, else the alias's own version. ``draw`` answers a float in [0, 1)."""
    weights = (alias.get("RoutingConfig") or {}).get("AdditionalVersionWeights") or {}
    point = draw()
    for version, weight in weights.items():
        if point < weight:
            return str(version)
        point -= weight
    return str(alias["FunctionVersion"])
