"""Topic policies: AddPermission/RemovePermission (statements in the topic's ``Policy``)
and Get/PutDataProtectionPolicy (kept as a document).

https://docs.aws.amazon.com/sns/latest/api/API_AddPermission.html
- Adds a statement with ``Sid`` = Label allowing the named accounts the named actions on the
  topic; a Label already in the policy is InvalidParameter.
https://docs.aws.amazon.com/sns/latest/api/API_RemovePermission.html
https://docs.aws.amazon.com/sns/latest/api/API_PutDataProtectionPolicy.html

Topic policies are evaluated by the server's IAM check (``sns/resource_policy.py``).

LIMITATIONS: data protection policies are not applied to messages.
"""

from __future__ import annotations

from typing import Any

import orjson

from cloudlet.policy.resource_policies import bump
from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.sns.attributes import check_topic_attribute, default_policy
from cloudlet.services.sns.errors import invalid
from cloudlet.services.sns.operations.topics import find_topic
from cloudlet.services.sns.registry import service, store
from cloudlet.services.sns.shapes import (
    AddPermissionInput,
    GetDataProtectionPolicyInput,
    GetDataProtectionPolicyResponse,
    PutDataProtectionPolicyInput,
    RemovePermissionInput,
)
from cloudlet.services.sns.store import Topic

_ACTIONS = frozenset({
    "GetTopicAttributes", "SetTopicAttributes", "AddPermission", "RemovePermission",
    "DeleteTopic", "Subscribe", "ListSubscriptionsByTopic", "Publish", "Receive"})


def _policy(topic: Topic) -> dict[str, Any]:
    text = topic.attributes.get("Policy") or default_policy(topic.arn, topic.account)
    policy: dict[str, Any] = orjson.loads(text)
    policy.setdefault("Statement", [])
    return policy


def _one_or_many(values: list[str]) -> str | list[str]:
    return values[0] if len(values) == 1 else values


@service.operation("AddPermission")
def add_permission(ctx: RequestContext, req: AddPermissionInput) -> NoOutput:
    found = store(ctx)
    with found.write():
        topic = find_topic(found, req["TopicArn"])
        policy = _policy(topic)
        if any(s.get("Sid") == req["Label"] for s in policy["Statement"]):
            raise invalid("Statement already exists")
        actions = [a.removeprefix("SNS:") for a in req["ActionName"]]
        if not actions or any(a not in _ACTIONS and a != "*" for a in actions):
            raise invalid("Policy statement action out of service scope!")
        principals = [f"arn:aws:iam::{account}:root" for account in req["AWSAccountId"]]
        policy["Statement"].append({
            "Sid": req["Label"], "Effect": "Allow",
            "Principal": {"AWS": _one_or_many(principals)},
            "Action": _one_or_many([f"SNS:{a}" for a in actions]),
            "Resource": topic.arn})
        topic.attributes["Policy"] = orjson.dumps(policy).decode()
        found.save_topic(topic)
    bump(ctx.state)
    return {}


@service.operation("RemovePermission")
def remove_permission(ctx: RequestContext, req: RemovePermissionInput) -> NoOutput:
    """Drop the statement labelled ``Label`` (none is not an error)."""
    found = store(ctx)
    with found.write():
        topic = find_topic(found, req["TopicArn"])
        policy = _policy(topic)
        policy["Statement"] = [s for s in policy["Statement"] if s.get("Sid") != req["Label"]]
        topic.attributes["Policy"] = orjson.dumps(policy).decode()
        found.save_topic(topic)
    bump(ctx.state)
    return {}


@service.operation("GetDataProtectionPolicy")
def get_data_protection_policy(
        ctx: RequestContext,
        req: GetDataProtectionPolicyInput) -> GetDataProtectionPolicyResponse:
    topic = find_topic(store(ctx), req["ResourceArn"])
    return {"DataProtectionPolicy": topic.attributes.get("DataProtectionPolicy", "")}


@service.operation("PutDataProtectionPolicy")
def put_data_protection_policy(ctx: RequestContext, req: PutDataProtectionPolicyInput) -> NoOutput:
    found = store(ctx)
    with found.write():
        topic = find_topic(found, req["ResourceArn"])
        topic.attributes["DataProtectionPolicy"] = check_topic_attribute(
            "DataProtectionPolicy", req["DataProtectionPolicy"], topic.fifo, creating=False)
        found.save_topic(topic)
    return {}
