"""Event buses: the list, and a bus's page: its rules with their patterns, schedules and
targets, a form that puts an event on the bus (PutEvents) and one that tests a pattern
against an event (TestEventPattern; ``?rule=NAME`` starts from that rule's pattern)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

from cloudlet.console.form_input import json_text, refuse
from cloudlet.console.site import nav, page
from cloudlet.console.view import Failed, View
from cloudlet.server.http import Response

nav("Event buses", "/buses", 60)
RULES_PAGE = 50


@page("/buses")
async def buses(view: View) -> Response:
    params = {"NextToken": view.query["token"]} if view.query.get("token") else {}
    out, error = await view.attempt("events", "ListEventBuses", params)
    return view.render("buses/list.html", title="Event buses", crumbs=[("Event buses", "/buses")],
                       error=error, buses=(out or {}).get("EventBuses") or [],
                       next_token=(out or {}).get("NextToken"))


def sample_event(view: View, source: str = "my.app", detail_type: str = "Something happened",
                 ) -> str:
    """An event with every member TestEventPattern asks for."""
    return json.dumps({
        "version": "0", "id": "00000000-0000-0000-0000-000000000000",
        "detail-type": detail_type, "source": source, "account": view.viewer.account,
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "region": view.viewer.region,
        "resources": [], "detail": {"state": "ready"}}, indent=2)


async def _put(view: View, bus: str, form: dict[str, str]) -> str:
    detail = form.get("detail", "").strip() or "{}"
    json_text(detail, "Detail")
    entry = {"EventBusName": bus, "Source": form.get("source", "").strip(),
             "DetailType": form.get("detail_type", "").strip(), "Detail": detail}
    out = await view.call("events", "PutEvents", {"Entries": [entry]})
    [answer] = out["Entries"]
    if "ErrorCode" in answer:
        raise refuse(f"{answer['ErrorCode']}: {answer.get('ErrorMessage', '')}")
    return f"Put event {answer['EventId']}."


async def _rules(view: View, bus: str) -> tuple[list[dict[str, Any]], str | None]:
    params: dict[str, Any] = {"EventBusName": bus, "Limit": RULES_PAGE}
    if view.query.get("token"):
        params["NextToken"] = view.query["token"]
    out = await view.call("events", "ListRules", params)
    rules = out.get("Rules") or []

    async def targets(rule: dict[str, Any]) -> list[Any]:
        got, _ = await view.attempt("events", "ListTargetsByRule",
                                    {"Rule": rule["Name"], "EventBusName": bus})
        return (got or {}).get("Targets") or []

    found = await asyncio.gather(*(targets(r) for r in rules))
    return [{**r, "targets": t} for r, t in zip(rules, found, strict=True)], out.get("NextToken")


@page("/buses/{name}", methods=("GET", "POST"))
async def bus(view: View) -> Response:
    name = view.params["name"]
    crumbs = [("Event buses", "/buses"), (name, f"/buses/{name}")]
    described, error = await view.attempt("events", "DescribeEventBus", {"Name": name})
    if described is None:
        return view.render("buses/bus.html", 404, title=name, crumbs=crumbs, error=error, bus=None)
    form = view.form() if view.request.method == "POST" else {}
    status, result = 200, None
    try:
        if form.get("action") == "put":
            return view.redirect(f"/buses/{name}", notice=await _put(view, name, form))
        if form.get("action") == "test":
            out = await view.call("events", "TestEventPattern", {
                "EventPattern": form.get("pattern", ""), "Event": form.get("event", "")})
            result = bool(out["Result"])
    except Failed as failed:
        error, status = failed.error, 400
    rules, next_token = await _rules(view, name)
    chosen = next((r for r in rules if r["Name"] == view.query.get("rule")), None)
    pattern = form.get("pattern") or (chosen or {}).get("EventPattern") or \
        '{\n  "source": ["my.app"]\n}'
    return view.render(
        "buses/bus.html", status, title=name, crumbs=crumbs, error=error,
        notice=view.query.get("notice"), bus=described, rules=rules, next_token=next_token,
        pattern=pattern, event=form.get("event") or sample_event(view), result=result,
        put=form if form.get("action") == "put" else {})
