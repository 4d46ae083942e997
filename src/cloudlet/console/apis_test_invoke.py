"""A REST API's try-it: TestInvokeMethod as the viewer on the method the typed path reaches
(see ``apis_tryit``), the event read from its execution log."""

from __future__ import annotations

import asyncio
import re
from typing import Any
from urllib.parse import unquote

from cloudlet.console.apis_tryit import Answer, Sent, readable
from cloudlet.console.view import View
from cloudlet.server.errors import ServiceError

_EVENT = re.compile(r"Endpoint request body after transformations: (.*?)"
                    r"(?=\n\w{3} \w{3} \d\d \d\d:\d\d:\d\d UTC \d{4} : |\n?\Z)", re.S)


def _pattern(template: str) -> tuple[re.Pattern[str], tuple[int, ...]]:
    """A resource path template as a regex over a decoded path, and how specific it is
    (per segment: 2 literal, 1 ``{param}``, 0 ``{greedy+}``)."""
    parts, rank = [], []
    for segment in (s for s in template.split("/") if s):
        if segment.startswith("{") and segment.endswith("+}"):
            parts.append(".+")
            rank.append(0)
        elif segment.startswith("{") and segment.endswith("}"):
            parts.append("[^/]+")
            rank.append(1)
        else:
            parts.append(re.escape(segment))
            rank.append(2)
    return re.compile("/" + "/".join(parts) + "/?"), tuple(rank)


def resource_for(resources: list[dict[str, Any]], verb: str, path: str) -> dict[str, Any] | None:
    """The resource ``verb path`` reaches: the most specific template that matches, with
    the verb or ANY among its methods."""
    wanted = "/" + "/".join(s for s in unquote(path.partition("?")[0]).split("/") if s)
    best: tuple[tuple[int, ...], dict[str, Any]] | None = None
    for resource in resources:
        methods = resource.get("resourceMethods") or {}
        if verb not in methods and "ANY" not in methods:
            continue
        pattern, rank = _pattern(str(resource.get("path") or "/"))
        if pattern.fullmatch(wanted) and (best is None or rank > best[0]):
            best = (rank, resource)
    return best[1] if best else None


def event_of(log: str) -> str | None:
    found = _EVENT.search(log)
    return readable(found[1]) if found else None


async def test_invoke(view: View, api_id: str, stage: str, verb: str, path: str,
                      headers: list[tuple[str, str]], body: str,
                      ) -> tuple[Sent, Answer | None, ServiceError | str | None]:
    """``(sent, answer, None)``, or ``(sent, None, why)`` when no method matches or the API
    refused (its error as it gave it)."""
    (resources, error), (stage_doc, _stage_error) = await asyncio.gather(
        view.attempt("apigateway", "GetResources",
                     {"restApiId": api_id, "limit": 500, "embed": ["methods"]}),
        view.attempt("apigateway", "GetStage", {"restApiId": api_id, "stageName": stage})
        if stage else asyncio.sleep(0, (None, None)))
    variables = dict((stage_doc or {}).get("variables") or {})
    sent = Sent(verb, path, headers, body, note="TestInvokeMethod" + (
        f", the variables of stage {stage}" if variables else ""))
    if resources is None:
        return sent, None, error
    resource = resource_for(resources.get("items") or [], verb, path)
    if resource is None:
        return sent, None, f"No method of this API answers {verb} {path.partition('?')[0]}."
    multi: dict[str, list[str]] = {}
    for name, value in headers:
        multi.setdefault(name, []).append(value)
    params: dict[str, Any] = {"restApiId": api_id, "resourceId": resource["id"],
                              "httpMethod": verb if verb in (resource.get("resourceMethods") or {})
                              else "ANY", "pathWithQueryString": path, "body": body,
                              "multiValueHeaders": multi, "stageVariables": variables}
    sent.note += f" on resource {resource['id']} ({resource.get('path')})"
    out, error = await view.attempt("apigateway", "TestInvokeMethod", params)
    if out is None:
        return sent, None, error
    shown = [(n, v) for n, values in (out.get("multiValueHeaders") or {}).items() for v in values]
    log = str(out.get("log") or "")
    return sent, Answer(int(out.get("status") or 0), shown, str(out.get("body") or ""),
                        None, float(out.get("latency") or 0), event=event_of(log), log=log), None
