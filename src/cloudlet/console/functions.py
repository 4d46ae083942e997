"""Functions: the list, and a function's page with its tabs.

- ``/functions``: name, runtime, memory, last modified (ListFunctions, 50 a page, ``?marker=``),
  with the last invocation and error rate over a day from CloudWatch when it is served;
- ``/functions/{name}?tab=``: ``test`` (saved test events and the Test button, the
  default), ``code`` (the package's files, ``&file=``), ``configuration``, ``versions``
  (versions and aliases), ``triggers`` (event source mappings and the resource policy's
  permissions), ``destinations`` (the event invoke config), ``monitor`` (metrics charts,
  ``&range=``) and ``logs`` (the latest events of ``/aws/lambda/{name}``, live).

Each tab makes only its own calls; the header's facts come from one GetFunction.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from cloudlet.console import functions_code, functions_metrics
from cloudlet.console.functions_test_events import test_tab
from cloudlet.console.logs import group_path
from cloudlet.console.site import nav, page
from cloudlet.console.view import Failed, View
from cloudlet.server.http import Response

nav("Functions", "/functions", 10)

PAGE_SIZE = 50
TABS = (("test", "Test"), ("code", "Code"), ("configuration", "Configuration"),
        ("versions", "Versions and aliases"), ("triggers", "Triggers"),
        ("destinations", "Destinations"), ("monitor", "Monitor"), ("logs", "Logs"))


@page("/functions")
async def function_list(view: View) -> Response:
    params: dict[str, Any] = {"MaxItems": PAGE_SIZE}
    if view.query.get("marker"):
        params["Marker"] = view.query["marker"]
    out, error = await view.attempt("lambda", "ListFunctions", params)
    functions = (out or {}).get("Functions") or []
    recent = await functions_metrics.recent(view, [f["FunctionName"] for f in functions])
    return view.render("functions/list.html", title="Functions", crumbs=[], error=error,
                       functions=functions, recent=recent,
                       next_marker=(out or {}).get("NextMarker"),
                       metrics=view.served("cloudwatch"))


async def _versions(view: View, name: str) -> dict[str, Any]:
    versions, aliases = await asyncio.gather(
        view.attempt("lambda", "ListVersionsByFunction", {"FunctionName": name}),
        view.attempt("lambda", "ListAliases", {"FunctionName": name}))
    return {"versions": (versions[0] or {}).get("Versions") or [],
            "aliases": (aliases[0] or {}).get("Aliases") or [],
            "tab_error": versions[1] or aliases[1]}


def _statements(policy: str | None) -> list[dict[str, Any]]:
    if not policy:
        return []
    try:
        statements = json.loads(policy).get("Statement") or []
    except ValueError:
        return []
    return statements if isinstance(statements, list) else [statements]


async def _triggers(view: View, name: str) -> dict[str, Any]:
    mappings, policy = await asyncio.gather(
        view.attempt("lambda", "ListEventSourceMappings", {"FunctionName": name}),
        view.attempt("lambda", "GetPolicy", {"FunctionName": name}))
    policy_error = policy[1]
    if policy_error is not None and policy_error.error_code == "ResourceNotFoundException":
        policy_error = None  # no resource policy: no permissions
    return {"mappings": (mappings[0] or {}).get("EventSourceMappings") or [],
            "statements": _statements((policy[0] or {}).get("Policy")),
            "tab_error": mappings[1] or policy_error}


async def _destinations(view: View, name: str) -> dict[str, Any]:
    out, error = await view.attempt("lambda", "GetFunctionEventInvokeConfig",
                                    {"FunctionName": name})
    if error is not None and error.error_code == "ResourceNotFoundException":
        return {"invoke_config": None, "tab_error": None}
    return {"invoke_config": out, "tab_error": error}


async def _code(view: View, location: str) -> dict[str, Any]:
    body = await functions_code.fetch_zip(view.state, location)
    return {"package": functions_code.read_package(body, view.query.get("file"))}


async def _monitor(view: View, name: str) -> dict[str, Any]:
    range_name = view.query.get("range", "3h")
    context: dict[str, Any] = {"charts": None, "ranges": functions_metrics.RANGES,
                               "range": range_name, "tab_error": None}
    try:
        context["charts"] = await functions_metrics.charts(view, name, range_name)
    except Failed as failed:  # the tab shows CloudWatch's error
        context["tab_error"] = failed.error
    return context


@page("/functions/{name}")
async def function(view: View) -> Response:
    name = view.params["name"]
    tab = view.query.get("tab", "test")
    if tab not in dict(TABS):
        tab = "test"
    crumbs = [("Functions", "/functions")]
    out, error = await view.attempt("lambda", "GetFunction", {"FunctionName": name})
    if out is None:
        return view.render("functions/function.html", 404 if error and error.error_code ==
                           "ResourceNotFoundException" else 400, title=name, crumbs=crumbs,
                           error=error, fn=None, tab=tab, tabs=TABS, name=name)
    config = out.get("Configuration") or {}
    context: dict[str, Any] = {"tab_error": None}
    if tab == "versions":
        context = await _versions(view, name)
    elif tab == "triggers":
        context = await _triggers(view, name)
    elif tab == "destinations":
        context = await _destinations(view, name)
    elif tab == "code":
        context.update(await _code(view, (out.get("Code") or {}).get("Location", "")))
    elif tab == "test":
        context.update(await test_tab(view, name))
    elif tab == "monitor":
        context = await _monitor(view, name)
    return view.render("functions/function.html", title=name, crumbs=crumbs, error=None,
                       fn=config, code=out.get("Code") or {}, tags=out.get("Tags") or {},
                       concurrency=out.get("Concurrency") or {}, tab=tab, tabs=TABS,
                       name=name, logs_path=group_path, **context)
