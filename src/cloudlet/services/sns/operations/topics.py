"""Topics: CreateTopic, DeleteTopic, ListTopics, Get/SetTopicAttributes and tags.

https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
- Creating a topic that exists returns its ARN (idempotent) when the attributes and tags
  given match it; otherwise InvalidParameter.
- A FIFO topic has ``FifoTopic=true`` and a name ending ``.fifo``.
https://docs.aws.amazon.com/sns/latest/api/API_ListTopics.html (100 topics per page)
https://docs.aws.amazon.com/sns/latest/api/API_TagResource.html (at most 50 tags)
"""

from __future__ import annotations

from cloudlet.policy.resource_policies import bump
from cloudlet.server.context import RequestContext
from cloudlet.server.paging import offset_page
from cloudlet.server.service import NoOutput
from cloudlet.server.tags import merged, without
from cloudlet.services.sns.attributes import check_topic_attribute, topic_attributes
from cloudlet.services.sns.errors import ResourceNotFound, TagLimitExceeded, TopicNotFound, invalid
from cloudlet.services.sns.names import check_topic_name, parse_topic_arn, topic_arn
from cloudlet.services.sns.registry import service, store
from cloudlet.services.sns.shapes import (
    CreateTopicInput,
    CreateTopicResponse,
    DeleteTopicInput,
    GetTopicAttributesInput,
    GetTopicAttributesResponse,
    ListTagsForResourceRequest,
    ListTagsForResourceResponse,
    ListTopicsInput,
    ListTopicsResponse,
    SetTopicAttributesInput,
    Tag,
    TagResourceRequest,
    UntagResourceRequest,
)
from cloudlet.services.sns.store import SnsStore, Topic

PAGE_SIZE = 100
MAX_TAGS = 50


def find_topic(found: SnsStore, arn: str) -> Topic:
    """The topic named by ``arn``; InvalidParameter for a malformed ARN, NotFound if absent."""
    parse_topic_arn(arn)
    topic = found.topic(arn)
    if topic is None:
        raise TopicNotFound()
    return topic


def _tag_map(tags: list[Tag] | None) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in tags or []}


def page_token(token: str | None) -> int:
    """The offset a NextToken stands for; InvalidParameter for one we did not give out."""
    if token is None:
        return 0
    if not token.isdigit():
        raise invalid("NextToken")
    return int(token)


@service.operation("CreateTopic")
def create_topic(ctx: RequestContext, req: CreateTopicInput) -> CreateTopicResponse:
    """Create a topic, or return the existing one with the same name and settings."""
    name: str = req["Name"]
    given: dict[str, str] = dict(req.get("Attributes") or {})
    if "DataProtectionPolicy" in req:
        given["DataProtectionPolicy"] = req["DataProtectionPolicy"]
    fifo = given.get("FifoTopic", "false").lower() == "true"
    check_topic_name(name, fifo or name.endswith(".fifo"))
    if name.endswith(".fifo") and not fifo:
        raise invalid("Topic Name")
    attributes = {k: check_topic_attribute(k, v, fifo, creating=True) for k, v in given.items()}
    if not fifo:
        attributes.pop("FifoTopic", None)
    tags = _tag_map(req.get("Tags"))
    if len(tags) > MAX_TAGS:
        raise TagLimitExceeded()
    arn = topic_arn(ctx.region, ctx.account, name)
    found = store(ctx)
    with found.write():
        existing = found.topic(arn)
        if existing is not None:
            current = {**({"FifoTopic": "false"} if not existing.fifo else {}),
                       **existing.attributes}
            if any(current.get(k, "") != v for k, v in attributes.items()):
                raise invalid("Attributes Reason: Topic already exists with different attributes")
            if tags and tags != existing.tags:
                raise invalid("Tags Reason: Topic already exists with different tags")
            return {"TopicArn": arn}
        found.add_topic(Topic(arn, ctx.account, ctx.region, name, attributes, tags, 0))
    if "Policy" in attributes:
        bump(ctx.state)
    return {"TopicArn": arn}


@service.operation("DeleteTopic")
def delete_topic(ctx: RequestContext, req: DeleteTopicInput) -> NoOutput:
    """Delete a topic and its subscriptions; deleting a missing topic succeeds."""
    parse_topic_arn(req["TopicArn"])
    store(ctx).delete_topic(req["TopicArn"])
    bump(ctx.state)
    return {}


@service.operation("ListTopics")
def list_topics(ctx: RequestContext, req: ListTopicsInput) -> ListTopicsResponse:
    arns = store(ctx).topics(ctx.account, ctx.region)
    page, following = offset_page(arns, page_token(req.get("NextToken")), PAGE_SIZE)
    out: ListTopicsResponse = {"Topics": [{"TopicArn": arn} for arn in page]}
    if following is not None:
        out["NextToken"] = str(following)
    return out


@service.operation("GetTopicAttributes")
def get_topic_attributes(ctx: RequestContext,
                         req: GetTopicAttributesInput) -> GetTopicAttributesResponse:
    found = store(ctx)
    topic = find_topic(found, req["TopicArn"])
    confirmed, pending = found.counts(topic.arn)
    return {"Attributes": topic_attributes(topic, confirmed, pending)}


@service.operation("SetTopicAttributes")
def set_topic_attributes(ctx: RequestContext, req: SetTopicAttributesInput) -> NoOutput:
    found = store(ctx)
    with found.write():
        topic = find_topic(found, req["TopicArn"])
        name: str = req["AttributeName"]
        value = check_topic_attribute(name, req.get("AttributeValue") or "", topic.fifo,
                                      creating=False)
        topic.attributes[name] = value
        found.save_topic(topic)
    if name == "Policy":
        bump(ctx.state)
    return {}


def _tagged(ctx: RequestContext, arn: str) -> tuple[SnsStore, Topic]:
    found = store(ctx)
    topic = found.topic(arn)
    if topic is None:
        raise ResourceNotFound()
    return found, topic


@service.operation("TagResource")
def tag_resource(ctx: RequestContext, req: TagResourceRequest) -> NoOutput:
    found, topic = _tagged(ctx, req["ResourceArn"])
    tags = merged(topic.tags, _tag_map(req["Tags"]))
    if len(tags) > MAX_TAGS:
        raise TagLimitExceeded()
    topic.tags = tags
    found.save_topic(topic)
    return {}


@service.operation("UntagResource")
def untag_resource(ctx: RequestContext, req: UntagResourceRequest) -> NoOutput:
    found, topic = _tagged(ctx, req["ResourceArn"])
    topic.tags = without(topic.tags, req["TagKeys"])
    found.save_topic(topic)
    return {}


@service.operation("ListTagsForResource")
def list_tags_for_resource(ctx: RequestContext,
                           req: ListTagsForResourceRequest) -> ListTagsForResourceResponse:
    _, topic = _tagged(ctx, req["ResourceArn"])
    return {"Tags": [{"Key": k, "Value": v} for k, v in topic.tags.items()]}
