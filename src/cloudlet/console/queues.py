"""Queues: the list with their depths and dead-letter queues, and a queue's page: its
attributes, send a message, peek (ReceiveMessage with VisibilityTimeout 0), purge and a
dead-letter queue's redrive (StartMessageMoveTask / ListMessageMoveTasks).

LIMITATIONS: peeking receives the messages (their receive count goes up, which can move
them to a dead-letter queue after maxReceiveCount); at most 10 messages are peeked.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from cloudlet.console.form_input import arn_name, message_attributes, refuse, whole_number
from cloudlet.console.site import nav, page
from cloudlet.console.view import Failed, View
from cloudlet.server.errors import ServiceError
from cloudlet.server.http import Response

nav("Queues", "/queues", 50)
PAGE_SIZE = 50
DEPTHS = ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
          "ApproximateNumberOfMessagesDelayed")


def dead_letter_of(attributes: dict[str, str]) -> tuple[str, Any] | None:
    """(DLQ name, maxReceiveCount) from a queue's RedrivePolicy."""
    policy = attributes.get("RedrivePolicy")
    if not policy:
        return None
    try:
        parsed = json.loads(policy)
    except ValueError:
        return None
    return arn_name(str(parsed.get("deadLetterTargetArn", ""))), parsed.get("maxReceiveCount")


async def _row(view: View, url: str) -> dict[str, Any]:
    out, error = await view.attempt("sqs", "GetQueueAttributes",
                                    {"QueueUrl": url, "AttributeNames": ["All"]})
    attributes = (out or {}).get("Attributes") or {}
    return {"name": url.rsplit("/", 1)[-1], "url": url, "attributes": attributes,
            "dlq": dead_letter_of(attributes), "error": error}


@page("/queues")
async def queues(view: View) -> Response:
    params: dict[str, Any] = {"MaxResults": PAGE_SIZE}
    if view.query.get("prefix"):
        params["QueueNamePrefix"] = view.query["prefix"]
    if view.query.get("token"):
        params["NextToken"] = view.query["token"]
    out, error = await view.attempt("sqs", "ListQueues", params)
    rows = await asyncio.gather(*(_row(view, url) for url in (out or {}).get("QueueUrls") or []))
    return view.render("queues/list.html", title="Queues", crumbs=[("Queues", "/queues")],
                       error=error, rows=rows, depths=DEPTHS, prefix=view.query.get("prefix", ""),
                       next_token=(out or {}).get("NextToken"))


async def _send(view: View, url: str, form: dict[str, str]) -> str:
    params: dict[str, Any] = {"QueueUrl": url, "MessageBody": form.get("body", "")}
    attributes = message_attributes(form.get("attributes", ""))
    if attributes:
        params["MessageAttributes"] = attributes
    if form.get("delay", "").strip():
        params["DelaySeconds"] = whole_number(form["delay"], "Delay")
    for field, member in (("group", "MessageGroupId"), ("dedup", "MessageDeduplicationId")):
        if form.get(field, "").strip():
            params[member] = form[field].strip()
    out = await view.call("sqs", "SendMessage", params)
    return f"Sent message {out['MessageId']}."


async def _redrive(view: View, arn: str, form: dict[str, str]) -> str:
    params: dict[str, Any] = {"SourceArn": arn}
    if form.get("destination", "").strip():
        params["DestinationArn"] = form["destination"].strip()
    out = await view.call("sqs", "StartMessageMoveTask", params)
    return f"Started redrive task {out['TaskHandle'][:16]}…"


async def _act(view: View, name: str, url: str, arn: str) -> tuple[str, list[Any] | None]:
    """The posted action: a notice, and the messages a peek received (None: no peek)."""
    form = view.form()
    action = form.get("action")
    if action == "send":
        return await _send(view, url, form), None
    if action == "peek":
        out = await view.call("sqs", "ReceiveMessage", {
            "QueueUrl": url, "MaxNumberOfMessages": 10, "VisibilityTimeout": 0,
            "WaitTimeSeconds": 0, "MessageAttributeNames": ["All"],
            "MessageSystemAttributeNames": ["All"]})
        messages = out.get("Messages") or []
        return f"Peeked {len(messages)} message(s).", messages
    if action == "purge":
        if form.get("confirm", "").strip() != "purge":
            raise refuse(f"Type purge to confirm purging {name}.")
        await view.call("sqs", "PurgeQueue", {"QueueUrl": url})
        return f"Purged {name}.", None
    if action == "redrive":
        return await _redrive(view, arn, form), None
    raise refuse(f"not supported: action {action!r}")


@page("/queues/{name}", methods=("GET", "POST"))
async def queue(view: View) -> Response:
    name = view.params["name"]
    crumbs = [("Queues", "/queues"), (name, f"/queues/{name}")]
    found, error = await view.attempt("sqs", "GetQueueUrl", {"QueueName": name})
    if found is None:
        return view.render("queues/queue.html", 404, title=name, crumbs=crumbs, error=error,
                           queue=None)
    url = found["QueueUrl"]
    attrs = await view.call("sqs", "GetQueueAttributes", {"QueueUrl": url,
                                                          "AttributeNames": ["All"]})
    attributes = attrs.get("Attributes") or {}
    arn = attributes.get("QueueArn", "")
    notice, status = view.query.get("notice"), 200
    messages: list[Any] | None = None
    if view.request.method == "POST":
        try:
            notice, messages = await _act(view, name, url, arn)
        except Failed as failed:
            error, status = failed.error, 400
        if error is None and messages is None:
            return view.redirect(f"/queues/{name}", notice=notice)
        attrs = await view.call("sqs", "GetQueueAttributes", {"QueueUrl": url,
                                                              "AttributeNames": ["All"]})
        attributes = attrs.get("Attributes") or {}
    sources, moves, moves_error = await _dead_letter_facts(view, url, arn)
    return view.render(
        "queues/queue.html", status, title=name, crumbs=crumbs, error=error, notice=notice,
        queue={"name": name, "url": url, "arn": arn, "fifo": name.endswith(".fifo")},
        attributes=attributes, dlq=dead_letter_of(attributes), depths=DEPTHS,
        messages=messages or [], sources=sources, moves=moves, moves_error=moves_error,
        peeked=messages is not None)


async def _dead_letter_facts(view: View, url: str, arn: str,
                             ) -> tuple[list[str], list[Any], ServiceError | None]:
    """The queues that dead-letter into this one, and its redrive tasks (when it is a DLQ)."""
    out, _ = await view.attempt("sqs", "ListDeadLetterSourceQueues", {"QueueUrl": url})
    sources = [u.rsplit("/", 1)[-1] for u in (out or {}).get("queueUrls") or []]
    if not sources:
        return [], [], None
    moved, error = await view.attempt("sqs", "ListMessageMoveTasks",
                                      {"SourceArn": arn, "MaxResults": 10})
    return sources, (moved or {}).get("Results") or [], error
