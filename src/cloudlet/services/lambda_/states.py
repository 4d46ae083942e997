"""Function states: ``Pending`` after CreateFunction, ``InProgress`` after an update.

https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html
- CreateFunction answers ``State: Pending``, ``StateReason: "The function is being
  created."``, ``StateReasonCode: Creating`` and no ``LastUpdateStatus``; the function
  becomes ``Active`` (``LastUpdateStatus: Successful``) when its resources are ready.
  While Pending, Invoke, UpdateFunctionCode, UpdateFunctionConfiguration and
  PublishVersion fail with ResourceConflictException.
- UpdateFunctionCode and UpdateFunctionConfiguration answer ``LastUpdateStatus:
  InProgress`` (reason ``"The function is being created."``, code ``Creating``, as AWS
  words it) with ``State`` still ``Active``; meanwhile invocations run the previous code
  and configuration, and further updates and PublishVersion fail with
  ResourceConflictException; then ``LastUpdateStatus`` is ``Successful``.

On cloudlet a transition lasts ``Config.lambda_state_delay_s`` (milliseconds by default,
``--lambda-state-delay``) of real time, not the server's clock (a manual clock does not
hold functions Pending). Transitions live in memory: what is stored is the settled state,
so after a restart every function is Active.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cloudlet.services.lambda_.errors import ResourceConflictException

if TYPE_CHECKING:
    from cloudlet.services.lambda_.backend import Version

CREATING = "Creating"
UPDATING = "Updating"
BEING_CREATED = "The function is being created."
SETTLED = {"State": "Active", "LastUpdateStatus": "Successful"}
TRANSIENT = ("StateReason", "StateReasonCode", "LastUpdateStatusReason",
             "LastUpdateStatusReasonCode")


@dataclass(slots=True)
class Transition:
    """A function on its way to Active (``kind`` CREATING) or ``$LATEST`` being updated
    (UPDATING; ``previous`` is what invocations run until it ends)."""

    kind: str
    until: float
    previous: Version | None = None
    held: tuple[str, ...] = ()  # packages kept on disk for ``previous``

    def over(self) -> bool:
        return time.monotonic() >= self.until


def settled(config: dict[str, Any]) -> dict[str, Any]:
    """A configuration as stored: Active, last update Successful."""
    out = {k: v for k, v in config.items() if k not in TRANSIENT}
    out.update(SETTLED)
    return out


def shown(config: dict[str, Any], kind: str | None) -> dict[str, Any]:
    """A configuration as Lambda reports it while it is being created (``kind``
    CREATING) or updated (UPDATING); as stored when ``kind`` is None."""
    if kind is None:
        return config
    out = dict(config)
    if kind == CREATING:
        out.pop("LastUpdateStatus", None)
        out.update(State="Pending", StateReason=BEING_CREATED, StateReasonCode=CREATING)
    else:
        out.update(LastUpdateStatus="InProgress", LastUpdateStatusReason=BEING_CREATED,
                   LastUpdateStatusReasonCode=CREATING)
    return out


def refuse_change(transition: Transition | None, arn: str) -> None:
    """UpdateFunctionCode/Configuration and PublishVersion while a transition runs:
    ResourceConflictException in Lambda's words."""
    if transition is None:
        return
    if transition.kind == CREATING:
        raise ResourceConflictException(
            f"The operation cannot be performed at this time. The resource {arn} is currently "
            f"in the following state: 'Pending'. StateReasonCode: '{CREATING}'")
    raise ResourceConflictException(
        f"The operation cannot be performed at this time. An update is in progress for "
        f"resource: {arn}")


def refuse_invoke(transition: Transition | None) -> None:
    """Invoke of a Pending function."""
    if transition is not None and transition.kind == CREATING:
        raise ResourceConflictException(
            "The operation cannot be performed at this time. The function is currently in the "
            "following state: Pending")
