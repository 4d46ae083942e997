"""Amazon EventBridge: event buses, rules, targets, scheduled rules, archives and replays,
on SQLite.

https://docs.aws.amazon.com/eventbridge/latest/APIReference/Welcome.html

State is one server-wide database (``store.py``, ``archives.py``); PutEvents, schedules
(``schedules.py``) and replays put one durable queue message per (event, target)
(``routing.py``), which ``delivery.py`` delivers with retries and dead-letter queues
(``targets.py`` knows each target kind).

LIMITATIONS
- API destinations and connections, global endpoints, partner event sources and
  PutPartnerEvents answer 501 (not supported). A replay runs as soon as it starts
  (``archives.py``), so CancelReplay always finds it completed.
- Bus resource policies are evaluated by the server's IAM check only for calls whose
  resource is the bus (DescribeEventBus, ...; PutEvents names its bus inside its entries,
  so its resource is ``*``); rule RoleArns are never enforced; cross-account delivery to
  another account's bus is not checked against its policy. A Lambda target is
  invoked whether or not the function's resource policy allows ``events.amazonaws.com``
  (AddPermission with the rule's SourceArn is kept, never required).
- Targets: Lambda, SQS, SNS, event buses, Step Functions and CloudWatch Logs; other kinds
  (Kinesis, ECS, Batch, API Gateway, ...) are answered in PutTargets' FailedEntries.
- KMS keys, bus dead-letter configs and log configs (CreateEventBus) are not kept.
"""

from __future__ import annotations

from cloudlet.services.events import delivery, resource_policy, schedules  # noqa: F401
from cloudlet.services.events.operations import (  # noqa: F401
    archives,
    buses,
    events,
    rules,
    tags,
    targets,
)
from cloudlet.services.events.registry import service

__all__ = ["service"]
