"""What every queue operation starts with: the store and the queue the request names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudlet.services.sqs.errors import QueueDoesNotExist
from cloudlet.services.sqs.store import QueueRecord, SqsStore, store_of
from cloudlet.services.sqs.urls import parse_url, queue_url

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext
    from cloudlet.server.state import ServerState


def store(ctx: RequestContext) -> SqsStore:
    return store_of(ctx.state)


def queue(ctx: RequestContext, url: str) -> QueueRecord:
    """The queue ``url`` names (in the URL's region, else the request's); QueueDoesNotExist."""
    ref = parse_url(url)
    found = store(ctx).get(ref.account, ref.region or ctx.region, ref.name)
    if found is None:
        raise QueueDoesNotExist()
    return found


def url_of(state: ServerState, record: QueueRecord) -> str:
    return queue_url(state.config.endpoint_url, record.account, record.name)
