"""Topics: the list, and a topic's page: its attributes, its subscriptions and a publish
form (message, subject, attributes; group and deduplication ids for a FIFO topic)."""

from __future__ import annotations

from typing import Any

from cloudlet.console.form_input import arn_name, message_attributes
from cloudlet.console.site import nav, page
from cloudlet.console.view import Failed, View
from cloudlet.server.http import Response

nav("Topics", "/topics", 55)


@page("/topics")
async def topics(view: View) -> Response:
    params = {"NextToken": view.query["token"]} if view.query.get("token") else {}
    out, error = await view.attempt("sns", "ListTopics", params)
    arns = [t["TopicArn"] for t in (out or {}).get("Topics") or []]
    return view.render("topics/list.html", title="Topics", crumbs=[("Topics", "/topics")],
                       error=error, topics=[(arn_name(a), a) for a in arns],
                       next_token=(out or {}).get("NextToken"))


async def _publish(view: View, arn: str, fifo: bool) -> str:
    form = view.form()
    params: dict[str, Any] = {"TopicArn": arn, "Message": form.get("message", "")}
    if form.get("subject", "").strip():
        params["Subject"] = form["subject"].strip()
    attributes = message_attributes(form.get("attributes", ""))
    if attributes:
        params["MessageAttributes"] = attributes
    if fifo:
        for field, member in (("group", "MessageGroupId"), ("dedup", "MessageDeduplicationId")):
            if form.get(field, "").strip():
                params[member] = form[field].strip()
    out = await view.call("sns", "Publish", params)
    return f"Published message {out['MessageId']}."


@page("/topics/{name}", methods=("GET", "POST"))
async def topic(view: View) -> Response:
    name = view.params["name"]
    arn = f"arn:aws:sns:{view.viewer.region}:{view.viewer.account}:{name}"
    crumbs = [("Topics", "/topics"), (name, f"/topics/{name}")]
    got, error = await view.attempt("sns", "GetTopicAttributes", {"TopicArn": arn})
    if got is None:
        return view.render("topics/topic.html", 404, title=name, crumbs=crumbs, error=error,
                           topic=None)
    fifo = name.endswith(".fifo")
    status = 200
    if view.request.method == "POST":
        try:
            return view.redirect(f"/topics/{name}", notice=await _publish(view, arn, fifo))
        except Failed as failed:
            error, status = failed.error, 400
    params: dict[str, Any] = {"TopicArn": arn}
    if view.query.get("token"):
        params["NextToken"] = view.query["token"]
    subs, subs_error = await view.attempt("sns", "ListSubscriptionsByTopic", params)
    return view.render("topics/topic.html", status, title=name, crumbs=crumbs,
                       error=error or subs_error, notice=view.query.get("notice"),
                       topic={"name": name, "arn": arn, "fifo": fifo},
                       attributes=got.get("Attributes") or {},
                       subscriptions=(subs or {}).get("Subscriptions") or [],
                       next_token=(subs or {}).get("NextToken"))
