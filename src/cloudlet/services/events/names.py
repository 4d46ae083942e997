"""Event bus names given as a name or an ARN, and what a target ARN names.

https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html (EventBusName:
"the name or ARN of the event bus"; omitted, the default event bus)
"""

from __future__ import annotations

from dataclasses import dataclass

from cloudlet.services.events.store import DEFAULT_BUS


def bus_name(value: str | None) -> str:
    """The bus a request names (its name, or the name in its ARN)."""
    if not value:
        return DEFAULT_BUS
    if value.startswith("arn:"):
        return value.split(":event-bus/", 1)[-1]
    return value


@dataclass(frozen=True, slots=True)
class Arn:
    service: str
    region: str
    account: str
    resource: str

    @classmethod
    def parse(cls, arn: str) -> Arn | None:
        parts = arn.split(":", 5)
        if len(parts) != 6 or parts[0] != "arn" or not parts[2]:
            return None
        return cls(parts[2], parts[3], parts[4], parts[5])
