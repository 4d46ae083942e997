"""An event bus's resource policy (PutPermission) for IAM evaluation
(``policy.resource_policies``).

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html
- Only ``arn:aws:events:REGION:ACCOUNT:event-bus/NAME`` has one; rules and archives have
  none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.policy.resource_policies import parsed, register
from cloudlet.services.events.registry import store_for

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState


def read(state: ServerState, account: str, region: str, arn: str) -> dict[str, Any] | None:
    """The policy of the bus ``arn`` names, or None."""
    kind, _, name = arn.split(":", 5)[-1].partition("/")
    if kind != "event-bus" or not name:
        return None
    bus = store_for(state, account, region).find_bus(name)
    return parsed(bus.get("Policy")) if bus is not None else None


register("events", read)
