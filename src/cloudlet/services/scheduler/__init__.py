"""Amazon EventBridge Scheduler: schedule groups, schedules, and their firings.

https://docs.aws.amazon.com/scheduler/latest/APIReference/Welcome.html

One SQLite database for the server (``<data>/scheduler.sqlite``, ``store.py``) holds
groups, schedules with their next firing, and the queued deliveries. Two workers do
the rest: ``scheduler.fire`` (``firing.py``) sleeps on the server's clock until a
schedule is due and queues its delivery; ``scheduler.deliver`` (``delivery.py``)
invokes the target (``targets.py``) with retries and a dead-letter queue. Expressions
(``at``, ``rate``, ``cron``, time zones) are parsed by ``cloudlet.schedule_expressions``.

LIMITATIONS
- KmsKeyArn is stored and answered, never used. Targets ECS, SageMaker and
  EventBridge PutEvents V2/raw, and the HTTP target, fail as "not supported" (straight to
  the dead-letter queue); universal targets reach only the services cloudlet has.
- Execution roles are not assumed: targets are called as ``scheduler.amazonaws.com``.
- A group is deleted at once with its schedules (AWS shows it DELETING for a while).
"""

from __future__ import annotations

from cloudlet.services.scheduler import delivery, firing  # noqa: F401
from cloudlet.services.scheduler.operations import groups, schedules, tags  # noqa: F401
from cloudlet.services.scheduler.registry import service

__all__ = ["service"]
