"""Stack events published to the stack's NotificationARNs (SNS topics), as
CloudFormation sends them: subject "AWS CloudFormation Notification", the event as
``Key='value'`` lines.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-console-add-tags.html
(notification options). Publishing is best effort, as on AWS: a topic that is gone is
logged, and the operation goes on.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from cloudlet.server.internal import call

if TYPE_CHECKING:
    from cloudlet.cloudformation.records import StackRecord
    from cloudlet.server.context import Principal
    from cloudlet.server.state import ServerState

log = logging.getLogger("cloudlet")
SUBJECT = "AWS CloudFormation Notification"
_FIELDS = ("StackId", "Timestamp", "EventId", "LogicalResourceId", "Namespace",
           "PhysicalResourceId", "PrincipalId", "ResourceProperties", "ResourceStatus",
           "ResourceStatusReason", "ResourceType", "StackName", "ClientRequestToken")


def message(event: dict[str, Any], stack: StackRecord) -> str:
    stamp = datetime.fromtimestamp(float(event["Timestamp"]), UTC)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"
    values = {**event, "Namespace": stack.account,
              "PrincipalId": stack.principal.get("arn", stack.account), "Timestamp": iso,
              "ResourceProperties": event.get("ResourceProperties", "null"),
              "ClientRequestToken": event.get("ClientRequestToken", "null")}
    return "".join(f"{key}='{values.get(key, '')}'\n" for key in _FIELDS)


class Notifier:
    """Publishes in the background, keeping the tasks until they end."""

    def __init__(self, state: ServerState) -> None:
        self.state = state
        self._pending: set[asyncio.Task[None]] = set()

    def publish(self, stack: StackRecord, principal: Principal, event: dict[str, Any]) -> None:
        text = message(event, stack)
        for arn in stack.notification_arns:
            task = asyncio.get_running_loop().create_task(
                self._send(arn, text, principal, stack.region))
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)

    async def _send(self, arn: str, text: str, principal: Principal, region: str) -> None:
        try:
            await call(self.state, "sns", "Publish",
                       {"TopicArn": arn, "Subject": SUBJECT, "Message": text},
                       principal=principal, region=region)
        except Exception as error:
            log.warning("cloudformation: notification to %s failed: %s", arn, error)
