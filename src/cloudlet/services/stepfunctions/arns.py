"""Step Functions ARNs: building and parsing.

- state machine ``arn:aws:states:{region}:{account}:stateMachine:{name}``, a version
  ``...:{name}:{n}``, an alias ``...:{name}:{alias}``
- activity ``arn:aws:states:{region}:{account}:activity:{name}``
- execution ``arn:aws:states:{region}:{account}:execution:{machine}:{name}`` (a version
  or alias run keeps the qualifier: ``execution:{machine}:{name}`` still), express
  ``...:express:{machine}:{name}:{uuid}``
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PREFIX = re.compile(r"^arn:(aws[a-z-]*):states:([a-z0-9-]+):(\d{12}):([A-Za-z]+):(.+)$")


def machine_arn(region: str, account: str, name: str) -> str:
    return f"arn:aws:states:{region}:{account}:stateMachine:{name}"


def version_arn(machine: str, number: int) -> str:
    """A published version's ARN from its machine's (unqualified) ARN."""
    return f"{machine}:{number}"


def alias_arn(machine: str, alias: str) -> str:
    return f"{machine}:{alias}"


def activity_arn(region: str, account: str, name: str) -> str:
    return f"arn:aws:states:{region}:{account}:activity:{name}"


def execution_arn(machine: str, name: str) -> str:
    """A standard execution's ARN from its machine's ARN (qualifier dropped)."""
    parts = parse(machine)
    if parts is None:
        raise ValueError(machine)
    return f"arn:aws:states:{parts.region}:{parts.account}:execution:{parts.name}:{name}"


def express_execution_arn(machine: str, name: str, run_id: str) -> str:
    parts = parse(machine)
    if parts is None:
        raise ValueError(machine)
    return (f"arn:aws:states:{parts.region}:{parts.account}:express:{parts.name}:{name}:"
            f"{run_id}")


@dataclass(frozen=True, slots=True)
class Arn:
    """A parsed Step Functions ARN: ``kind`` is stateMachine, activity, execution,
    express...; ``name`` the resource's first name part; ``qualifier`` what follows it
    (version number or alias name for machines, execution name for executions)."""

    partition: str
    region: str
    account: str
    kind: str
    name: str
    qualifier: str | None
    rest: tuple[str, ...]

    @property
    def unqualified(self) -> str:
        return f"arn:{self.partition}:states:{self.region}:{self.account}:{self.kind}:{self.name}"


def parse(arn: str) -> Arn | None:
    """Split an ARN into its parts; None when it is not a Step Functions ARN."""
    match = _PREFIX.match(arn)
    if match is None:
        return None
    partition, region, account, kind, tail = match.groups()
    pieces = tail.split(":")
    if not pieces[0]:
        return None
    return Arn(partition, region, account, kind, pieces[0],
               pieces[1] if len(pieces) > 1 else None, tuple(pieces[1:]))
