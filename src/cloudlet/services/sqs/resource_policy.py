"""A queue's policy (its ``Policy`` attribute) for IAM evaluation (``policy.resource_policies``).

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.policy.resource_policies import parsed, register
from cloudlet.services.sqs.store import store_of

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState


def read(state: ServerState, account: str, region: str, arn: str) -> dict[str, Any] | None:
    """The policy of ``arn:aws:sqs:REGION:ACCOUNT:NAME``, or None."""
    record = store_of(state).get(account, region, arn.rsplit(":", 1)[-1])
    return parsed(record.attributes.get("Policy")) if record is not None else None


register("sqs", read)
