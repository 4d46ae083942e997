"""Queue tags and permissions (the legacy AddPermission/RemovePermission policy statements).

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_TagQueue.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_AddPermission.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-tags.html

- At most 50 tags per queue; keys 1-128 characters, values at most 256.
- AddPermission stores a statement under its label (unique per queue; at most 7 actions,
  each ``*`` or an SQS action name); the queue's ``Policy`` attribute then shows it.
  RemovePermission of an unknown label is InvalidParameterValue. The statements are
  evaluated by the server's IAM check (``sqs/resource_policy.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from cloudlet.policy.resource_policies import bump
from cloudlet.server.context import RequestContext
from cloudlet.server.tags import merged, without
from cloudlet.services.sqs.errors import InvalidParameterValue, MissingParameter, OverLimit
from cloudlet.services.sqs.operations.common import queue, store
from cloudlet.services.sqs.registry import service
from cloudlet.services.sqs.shapes import (
    AddPermissionRequest,
    ListQueueTagsRequest,
    RemovePermissionRequest,
    TagQueueRequest,
    UntagQueueRequest,
)

MAX_TAGS = 50
MAX_ACTIONS = 7
_ACTIONS = frozenset({"*", "ChangeMessageVisibility", "DeleteMessage", "GetQueueAttributes",
                      "GetQueueUrl", "ListDeadLetterSourceQueues", "PurgeQueue",
                      "ReceiveMessage", "SendMessage", "ListQueueTags"})


def check_tags(tags: Mapping[str, str]) -> None:
    if len(tags) > MAX_TAGS:
        raise InvalidParameterValue(f"Too many tags added for queue. Maximum is {MAX_TAGS}.")
    for key, value in tags.items():
        if not 1 <= len(key) <= 128 or len(value) > 256:
            raise InvalidParameterValue(f"Tag {key} is invalid.")


@service.operation("TagQueue")
def tag_queue(ctx: RequestContext, req: TagQueueRequest) -> dict[str, Any]:
    record = queue(ctx, req["QueueUrl"])
    tags = merged(record.tags, req.get("Tags") or {})
    if not req.get("Tags"):
        raise MissingParameter("The request must contain the parameter Tags.")
    check_tags(tags)
    record.tags = tags
    store(ctx).save(record)
    return {}


@service.operation("UntagQueue")
def untag_queue(ctx: RequestContext, req: UntagQueueRequest) -> dict[str, Any]:
    record = queue(ctx, req["QueueUrl"])
    if not req.get("TagKeys"):
        raise MissingParameter("The request must contain the parameter TagKeys.")
    record.tags = without(record.tags, req["TagKeys"])
    store(ctx).save(record)
    return {}


@service.operation("ListQueueTags")
def list_queue_tags(ctx: RequestContext, req: ListQueueTagsRequest) -> dict[str, Any]:
    record = queue(ctx, req["QueueUrl"])
    return {"Tags": dict(record.tags)} if record.tags else {}


def _policy(record_arn: str, permissions: dict[str, Any]) -> str:
    statements = [{
        "Sid": label,
        "Effect": "Allow",
        "Principal": {"AWS": [f"arn:aws:iam::{a}:root" for a in entry["accounts"]]},
        "Action": [f"SQS:{a}" for a in entry["actions"]],
        "Resource": record_arn,
    } for label, entry in permissions.items()]
    return orjson.dumps({"Version": "2012-10-17", "Id": f"{record_arn}/SQSDefaultPolicy",
                         "Statement": statements}).decode()


@service.operation("AddPermission")
def add_permission(ctx: RequestContext, req: AddPermissionRequest) -> dict[str, Any]:
    record = queue(ctx, req["QueueUrl"])
    label = req["Label"]
    actions = list(req["Actions"])
    if label in record.permissions:
        raise InvalidParameterValue(f"Value {label} for parameter Label is invalid. Reason: "
                                    "Already exists.")
    if len(actions) > MAX_ACTIONS:
        raise OverLimit(f"{len(actions)} Actions were found, maximum allowed is {MAX_ACTIONS}.")
    for action in actions:
        if action not in _ACTIONS:
            raise InvalidParameterValue(f"Value SQS:{action} for parameter ActionName is "
                                        "invalid. Reason: Please refer to the appropriate WSDL "
                                        "for a list of valid actions.")
    record.permissions[label] = {"accounts": list(req["AWSAccountIds"]), "actions": actions}
    record.attributes["Policy"] = _policy(record.arn, record.permissions)
    store(ctx).save(record)
    bump(ctx.state)
    return {}


@service.operation("RemovePermission")
def remove_permission(ctx: RequestContext, req: RemovePermissionRequest) -> dict[str, Any]:
    record = queue(ctx, req["QueueUrl"])
    label = req["Label"]
    if label not in record.permissions:
        raise InvalidParameterValue(f"Value {label} for parameter Label is invalid. Reason: "
                                    "can't find label on existing policy.")
    del record.permissions[label]
    if record.permissions:
        record.attributes["Policy"] = _policy(record.arn, record.permissions)
    else:
        record.attributes.pop("Policy", None)
    store(ctx).save(record)
    bump(ctx.state)
    return {}
