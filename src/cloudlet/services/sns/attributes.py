"""Topic and subscription attributes: which may be set, their checks, and what Get*Attributes
answers beyond the stored ones (defaults and counts, as AWS returns them).

https://docs.aws.amazon.com/sns/latest/api/API_SetTopicAttributes.html
https://docs.aws.amazon.com/sns/latest/api/API_GetTopicAttributes.html
https://docs.aws.amazon.com/sns/latest/api/API_SetSubscriptionAttributes.html
https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html (the default
HTTP/S delivery policy: 3 retries 20 seconds apart)
"""

from __future__ import annotations

from typing import Any

import orjson

from cloudlet.services.sns.errors import invalid
from cloudlet.services.sns.store import Subscription, Topic

_FEEDBACK = {f"{p}{k}" for p in ("HTTP", "Firehose", "Lambda", "Application", "SQS")
             for k in ("SuccessFeedbackRoleArn", "SuccessFeedbackSampleRate",
                       "FailureFeedbackRoleArn")}
TOPIC_SETTABLE = frozenset({
    "DeliveryPolicy", "DisplayName", "Policy", "TracingConfig", "KmsMasterKeyId",
    "SignatureVersion", "ContentBasedDeduplication", "FifoThroughputScope", "ArchivePolicy",
    "DataProtectionPolicy", "MaximumMessageSize", *_FEEDBACK})
TOPIC_CREATE_ONLY = frozenset({"FifoTopic"})
_FIFO_ONLY = frozenset({"ContentBasedDeduplication", "FifoThroughputScope", "ArchivePolicy"})
_JSON_ATTRIBUTES = frozenset({"DeliveryPolicy", "Policy", "ArchivePolicy",
                              "DataProtectionPolicy", "FilterPolicy", "RedrivePolicy",
                              "ReplayPolicy"})

SUBSCRIPTION_SETTABLE = frozenset({
    "DeliveryPolicy", "FilterPolicy", "FilterPolicyScope", "RawMessageDelivery",
    "RedrivePolicy", "SubscriptionRoleArn", "ReplayPolicy"})

DEFAULT_HTTP_RETRY: dict[str, Any] = {
    "minDelayTarget": 20, "maxDelayTarget": 20, "numRetries": 3, "numMaxDelayRetries": 0,
    "numNoDelayRetries": 0, "numMinDelayRetries": 0, "backoffFunction": "linear"}
DEFAULT_TOPIC_DELIVERY_POLICY: dict[str, Any] = {
    "http": {"defaultHealthyRetryPolicy": DEFAULT_HTTP_RETRY,
             "disableSubscriptionOverrides": False,
             "defaultRequestPolicy": {"headerContentType": "text/plain; charset=UTF-8"}}}


def default_policy(arn: str, account: str) -> str:
    """The access policy a new topic gets (only its owner may act on it)."""
    return orjson.dumps({
        "Version": "2008-10-17", "Id": "__default_policy_ID",
        "Statement": [{
            "Sid": "__default_statement_ID", "Effect": "Allow", "Principal": {"AWS": "*"},
            "Action": ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
                       "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe",
                       "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
            "Resource": arn, "Condition": {"StringEquals": {"AWS:SourceOwner": account}}}],
    }).decode()


def _json_object(name: str, value: str) -> dict[str, Any]:
    try:
        parsed = orjson.loads(value)
    except orjson.JSONDecodeError:
        raise invalid(f"{name}: failed to parse JSON.") from None
    if not isinstance(parsed, dict):
        raise invalid(f"{name}: must be a JSON object.")
    return parsed


def _boolean(name: str, value: str) -> str:
    if value.lower() not in ("true", "false"):
        raise invalid(f"{name}: Invalid value [{value}] for {name}. Must be true or false.")
    return value.lower()


def check_topic_attribute(name: str, value: str, fifo: bool, *, creating: bool) -> str:
    """The value to store for a topic attribute, or InvalidParameter."""
    allowed = TOPIC_SETTABLE | (TOPIC_CREATE_ONLY if creating else frozenset())
    if name not in allowed:
        raise invalid("AttributeName")
    if name in _FIFO_ONLY and not fifo:
        if name == "ContentBasedDeduplication":
            raise invalid("ContentBasedDeduplication Reason: Content based deduplication can"
                          " only be set for FIFO topics")
        raise invalid(f"{name} Reason: {name} can only be set for FIFO topics")
    if name in ("ContentBasedDeduplication", "FifoTopic"):
        return _boolean(name, value)
    if name == "FifoThroughputScope" and value not in ("Topic", "MessageGroup"):
        raise invalid("FifoThroughputScope Reason: Invalid FifoThroughputScope value")
    if name == "SignatureVersion" and value not in ("1", "2"):
        raise invalid("SignatureVersion")
    if name == "TracingConfig" and value not in ("PassThrough", "Active"):
        raise invalid("TracingConfig")
    if name == "MaximumMessageSize" and not (value.isdigit() and 1024 <= int(value) <= 1_048_576):
        raise invalid("MaximumMessageSize Reason: must be between 1024 and 1048576 bytes")
    if name in _JSON_ATTRIBUTES and value:
        _json_object(name, value)
    return value


def topic_attributes(topic: Topic, confirmed: int, pending: int) -> dict[str, str]:
    """What GetTopicAttributes answers."""
    out = {
        "Policy": default_policy(topic.arn, topic.account),
        "Owner": topic.account,
        "TopicArn": topic.arn,
        "DisplayName": "",
        "EffectiveDeliveryPolicy": orjson.dumps(DEFAULT_TOPIC_DELIVERY_POLICY).decode(),
        "SubscriptionsConfirmed": str(confirmed),
        "SubscriptionsPending": str(pending),
        "SubscriptionsDeleted": str(topic.deleted),
    }
    if topic.fifo:
        out["ContentBasedDeduplication"] = "false"
    out.update(topic.attributes)
    if "DeliveryPolicy" in topic.attributes:
        out["EffectiveDeliveryPolicy"] = topic.attributes["DeliveryPolicy"]
    return out


def check_subscription_attribute(name: str, value: str, protocol: str) -> str:
    """The value to store for a subscription attribute, or InvalidParameter."""
    if name not in SUBSCRIPTION_SETTABLE:
        raise invalid("AttributeName")
    if name == "RawMessageDelivery":
        if protocol not in ("sqs", "http", "https", "firehose"):
            raise invalid("Attributes Reason: Delivery protocol [" + protocol
                          + "] does not support raw message delivery attribute")
        return _boolean(name, value)
    if name == "FilterPolicyScope" and value not in ("MessageAttributes", "MessageBody"):
        raise invalid("Attributes Reason: FilterPolicyScope: Invalid value [" + value
                      + "]. Please use either MessageBody or MessageAttributes")
    if name == "RedrivePolicy" and value:
        target = _json_object(name, value).get("deadLetterTargetArn")
        if not isinstance(target, str) or not target.startswith("arn:aws:sqs:"):
            raise invalid("RedrivePolicy: deadLetterTargetArn is an invalid arn")
    elif name == "DeliveryPolicy" and value:
        if protocol not in ("http", "https"):
            raise invalid("DeliveryPolicy: only applies to HTTP/S subscriptions")
        _json_object(name, value)
    elif name in _JSON_ATTRIBUTES and name != "FilterPolicy" and value:
        _json_object(name, value)  # a FilterPolicy is checked when it is compiled
    return value


def subscription_attributes(sub: Subscription, topic: Topic | None) -> dict[str, str]:
    """What GetSubscriptionAttributes answers."""
    out = {
        "Owner": sub.owner,
        "RawMessageDelivery": "false",
        "TopicArn": sub.topic_arn,
        "Endpoint": sub.endpoint,
        "Protocol": sub.protocol,
        "PendingConfirmation": "false" if sub.confirmed else "true",
        "ConfirmationWasAuthenticated": "true" if sub.confirmed else "false",
        "SubscriptionArn": sub.arn,
        "SubscriptionPrincipal": f"arn:aws:iam::{sub.owner}:root",
    }
    out.update(sub.attributes)
    if "FilterPolicy" in sub.attributes and "FilterPolicyScope" not in sub.attributes:
        out["FilterPolicyScope"] = "MessageAttributes"
    if sub.protocol in ("http", "https"):
        out["EffectiveDeliveryPolicy"] = orjson.dumps(effective_http_policy(sub, topic)).decode()
    return out


def effective_http_policy(sub: Subscription, topic: Topic | None) -> dict[str, Any]:
    """The HTTP/S delivery policy in force: the subscription's, else the topic's default,
    else AWS's default (``healthyRetryPolicy`` and friends)."""
    policy: dict[str, Any] = {"healthyRetryPolicy": dict(DEFAULT_HTTP_RETRY),
                              "sicklyRetryPolicy": None, "throttlePolicy": None,
                              "guaranteed": False}
    topic_policy = topic.attributes.get("DeliveryPolicy") if topic else None
    if topic_policy:
        http = orjson.loads(topic_policy).get("http") or {}
        if isinstance(http.get("defaultHealthyRetryPolicy"), dict):
            policy["healthyRetryPolicy"].update(http["defaultHealthyRetryPolicy"])
    own = sub.attributes.get("DeliveryPolicy")
    if own:
        parsed = orjson.loads(own)
        if isinstance(parsed.get("healthyRetryPolicy"), dict):
            policy["healthyRetryPolicy"].update(parsed["healthyRetryPolicy"])
    return policy
