"""Which log group a request names: ``logGroupName`` or ``logGroupIdentifier`` (a name
or an ARN, ``arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cloudlet.services.logs.errors import InvalidParameterException, LogGroupNotFound


def group_from_arn(arn: str) -> str:
    if not arn.startswith("arn:") or ":logs:" not in arn:
        raise LogGroupNotFound()
    resource = arn.split(":log-group:", 1)
    if len(resource) != 2 or not resource[1]:
        raise LogGroupNotFound()
    name = resource[1]
    return name[:-2] if name.endswith(":*") else name


def group_of(req: Mapping[str, Any]) -> str:
    """The group a read names, by name or identifier (exactly one of them)."""
    name = req.get("logGroupName")
    identifier = req.get("logGroupIdentifier")
    if name and identifier:
        raise InvalidParameterException(
            "LogGroup name and LogGroup ARN are mutually exclusive parameters.")
    if identifier:
        return group_from_arn(identifier) if identifier.startswith("arn:") else str(identifier)
    if not name:
        raise InvalidParameterException("Should provide either name or ARN for LogGroup")
    return str(name)
