"""A topic's access policy (its ``Policy`` attribute, or the default one a new topic gets)
for IAM evaluation (``policy.resource_policies``).

https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.policy.resource_policies import parsed, register
from cloudlet.services.sns.attributes import default_policy
from cloudlet.services.sns.registry import store_of

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState


def read(state: ServerState, account: str, region: str, arn: str) -> dict[str, Any] | None:
    """The policy of the topic ``arn`` (a subscription ARN has none), or None."""
    topic = store_of(state).topic(arn)
    if topic is None:
        return None
    return parsed(topic.attributes.get("Policy") or default_policy(topic.arn, topic.account))


register("sns", read)
