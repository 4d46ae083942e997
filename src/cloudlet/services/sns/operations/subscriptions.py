"""Subscriptions: Subscribe, ConfirmSubscription, Unsubscribe, ListSubscriptions(ByTopic),
Get/SetSubscriptionAttributes.

https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html
- ``lambda``, ``sqs`` and ``sms`` subscriptions are confirmed at once; ``http``/``https``
  endpoints get a SubscriptionConfirmation POST and ``email``/``email-json`` a recorded
  confirmation email; they stay pending until ConfirmSubscription (or a GET on the
  SubscribeURL). The answer is the ARN, or ``pending confirmation`` for a pending one
  unless ReturnSubscriptionArn is true.
- Subscribing the same endpoint twice returns the first subscription; with different
  attributes it is InvalidParameter.
- A FIFO topic delivers to SQS queues only; a FIFO queue subscribes only to a FIFO topic.
https://docs.aws.amazon.com/sns/latest/api/API_ConfirmSubscription.html
https://docs.aws.amazon.com/sns/latest/api/API_Unsubscribe.html (http/https endpoints get an
UnsubscribeConfirmation)

LIMITATIONS: ``application`` (mobile push) and ``firehose`` subscriptions are not supported;
http/https endpoints must be on the loopback interface (cloudlet delivers from this machine);
email is recorded (``GET /_cloudlet/sns/messages``), never sent; cross-account subscriptions
are confirmed at once.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
from urllib.parse import urlsplit

from cloudlet.clock import new_id
from cloudlet.server.context import RequestContext
from cloudlet.server.errors import not_supported
from cloudlet.server.paging import offset_page
from cloudlet.server.service import NoOutput
from cloudlet.services.sns.attributes import (
    check_subscription_attribute,
    subscription_attributes,
)
from cloudlet.services.sns.delivery_queue import enqueue_confirmation
from cloudlet.services.sns.errors import SubscriptionNotFound, invalid
from cloudlet.services.sns.filtering import check_policy
from cloudlet.services.sns.names import (
    is_phone_number,
    parse_subscription_arn,
    parse_topic_arn,
)
from cloudlet.services.sns.operations.topics import PAGE_SIZE, find_topic, page_token
from cloudlet.services.sns.registry import service, store
from cloudlet.services.sns.shapes import (
    ConfirmSubscriptionInput,
    ConfirmSubscriptionResponse,
    GetSubscriptionAttributesInput,
    GetSubscriptionAttributesResponse,
    ListSubscriptionsByTopicInput,
    ListSubscriptionsInput,
    ListSubscriptionsResponse,
    SetSubscriptionAttributesInput,
    SubscribeInput,
    SubscribeResponse,
    UnsubscribeInput,
)
from cloudlet.services.sns.shapes import Subscription as SubscriptionShape
from cloudlet.services.sns.store import SnsStore, Subscription, Topic

PENDING = "pending confirmation"
_CONFIRMED_AT_ONCE = ("lambda", "sqs", "sms")
_SQS_ARN = re.compile(r"arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?")
_LAMBDA_ARN = re.compile(r"arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+"
                         r"(:[A-Za-z0-9$_-]+)?")


def _loopback(host: str) -> bool:
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_endpoint(topic: Topic, protocol: str, endpoint: str) -> None:
    if protocol in ("application", "firehose"):
        raise not_supported(f"SNS {protocol} subscriptions")
    if protocol not in ("http", "https", "email", "email-json", "sms", "sqs", "lambda"):
        raise invalid(f"Amazon SNS does not support this protocol string: {protocol}")
    if topic.fifo and protocol != "sqs":
        raise invalid(f"Invalid protocol type: {protocol}")
    if protocol in ("http", "https"):
        parts = urlsplit(endpoint)
        if parts.scheme != protocol or not parts.hostname:
            raise invalid("Endpoint must match the specified protocol")
        if not _loopback(parts.hostname):
            raise not_supported("http/https endpoints off the loopback interface")
    elif protocol == "sqs":
        if not _SQS_ARN.fullmatch(endpoint):
            raise invalid("SQS endpoint ARN")
        if endpoint.endswith(".fifo") and not topic.fifo:
            raise invalid("Endpoint Reason: FIFO SQS Queues can not be subscribed to"
                          " standard SNS topics")
    elif protocol == "lambda":
        if not _LAMBDA_ARN.fullmatch(endpoint):
            raise invalid("Lambda endpoint ARN")
    elif protocol in ("email", "email-json"):
        if "@" not in endpoint.strip("@"):
            raise invalid("Email address")
    elif not is_phone_number(endpoint):
        raise invalid("SMS endpoint")


def _checked_attributes(given: dict[str, str], protocol: str, *,
                        subscribing: bool) -> dict[str, str]:
    out = {k: check_subscription_attribute(k, v, protocol) for k, v in given.items()}
    policy = out.get("FilterPolicy")
    if policy:
        check_policy(policy, out.get("FilterPolicyScope") or "MessageAttributes",
                     subscribing=subscribing)
    return out


def _answer_arn(sub: Subscription, return_arn: bool) -> str:
    return sub.arn if sub.confirmed or return_arn else PENDING


@service.operation("Subscribe")
def subscribe(ctx: RequestContext, req: SubscribeInput) -> SubscribeResponse:
    found = store(ctx)
    protocol: str = req["Protocol"].lower()
    endpoint: str = req.get("Endpoint") or ""
    return_arn = bool(req.get("ReturnSubscriptionArn"))
    with found.write():
        topic = find_topic(found, req["TopicArn"])
        _check_endpoint(topic, protocol, endpoint)
        attributes = _checked_attributes(dict(req.get("Attributes") or {}), protocol,
                                         subscribing=True)
        existing = found.find_subscription(topic.arn, protocol, endpoint)
        if existing is not None:
            if any(existing.attributes.get(k, "") != v for k, v in attributes.items()):
                raise invalid("Attributes Reason: Subscription already exists with different"
                              " attributes")
            return {"SubscriptionArn": _answer_arn(existing, return_arn)}
        sub = Subscription(f"{topic.arn}:{new_id()}", topic.arn, topic.account, topic.region,
                           ctx.account, protocol, endpoint, attributes,
                           confirmed=protocol in _CONFIRMED_AT_ONCE,
                           token=secrets.token_hex(64))
        found.add_subscription(sub)
        if not sub.confirmed:
            enqueue_confirmation(ctx.state, found, sub, "SubscriptionConfirmation")
    return {"SubscriptionArn": _answer_arn(sub, return_arn)}


@service.operation("ConfirmSubscription")
def confirm_subscription(ctx: RequestContext,
                         req: ConfirmSubscriptionInput) -> ConfirmSubscriptionResponse:
    """Confirm with the token sent to the endpoint (also reached unsigned, by a GET on the
    SubscribeURL: the topic's ARN says where it lives)."""
    found = store(ctx)
    parse_topic_arn(req["TopicArn"])
    with found.write():
        topic = find_topic(found, req["TopicArn"])
        match = next((s for s in found.subscriptions_of(topic.arn) if s.token == req["Token"]),
                     None)
        if match is None:
            raise invalid("Token")
        if not match.confirmed:
            match.confirmed = True
            found.save_subscription(match)
    return {"SubscriptionArn": match.arn}


def _subscription(found: SnsStore, arn: str) -> Subscription:
    parse_subscription_arn(arn)
    sub = found.subscription(arn)
    if sub is None:
        raise SubscriptionNotFound()
    return sub


@service.operation("Unsubscribe")
def unsubscribe(ctx: RequestContext, req: UnsubscribeInput) -> NoOutput:
    """Remove a subscription (a missing one is not an error)."""
    found = store(ctx)
    parse_subscription_arn(req["SubscriptionArn"])
    sub = found.subscription(req["SubscriptionArn"])
    if sub is None:
        return {}
    found.delete_subscription(sub)
    if sub.protocol in ("http", "https"):
        enqueue_confirmation(ctx.state, found, sub, "UnsubscribeConfirmation")
    return {}


def _listed(sub: Subscription) -> SubscriptionShape:
    return {"SubscriptionArn": sub.arn if sub.confirmed else "PendingConfirmation",
            "Owner": sub.owner, "Protocol": sub.protocol, "Endpoint": sub.endpoint,
            "TopicArn": sub.topic_arn}


def _page(subs: list[Subscription], token: str | None) -> ListSubscriptionsResponse:
    page, following = offset_page(subs, page_token(token), PAGE_SIZE)
    out: ListSubscriptionsResponse = {"Subscriptions": [_listed(s) for s in page]}
    if following is not None:
        out["NextToken"] = str(following)
    return out


@service.operation("ListSubscriptions")
def list_subscriptions(ctx: RequestContext,
                       req: ListSubscriptionsInput) -> ListSubscriptionsResponse:
    return _page(store(ctx).subscriptions(ctx.account, ctx.region), req.get("NextToken"))


@service.operation("ListSubscriptionsByTopic")
def list_subscriptions_by_topic(ctx: RequestContext,
                                req: ListSubscriptionsByTopicInput) -> ListSubscriptionsResponse:
    found = store(ctx)
    topic = find_topic(found, req["TopicArn"])
    return _page(found.subscriptions_of(topic.arn), req.get("NextToken"))


@service.operation("GetSubscriptionAttributes")
def get_subscription_attributes(
        ctx: RequestContext,
        req: GetSubscriptionAttributesInput) -> GetSubscriptionAttributesResponse:
    found = store(ctx)
    sub = _subscription(found, req["SubscriptionArn"])
    return {"Attributes": subscription_attributes(sub, found.topic(sub.topic_arn))}


@service.operation("SetSubscriptionAttributes")
def set_subscription_attributes(ctx: RequestContext,
                                req: SetSubscriptionAttributesInput) -> NoOutput:
    found = store(ctx)
    with found.write():
        sub = _subscription(found, req["SubscriptionArn"])
        name: str = req["AttributeName"]
        value: str = req.get("AttributeValue") or ""
        checked = _checked_attributes({**sub.attributes, name: value}, sub.protocol,
                                      subscribing=False)
        if name in ("FilterPolicy", "RedrivePolicy", "DeliveryPolicy") and not value:
            checked.pop(name, None)
        sub.attributes = checked
        found.save_subscription(sub)
    return {}
