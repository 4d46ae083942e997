"""Stacks: the list, and a stack's page with its resources (linking to their console pages),
events (live while the stack is in progress), outputs, parameters, template and drift.

- ``/stacks?token=T``: DescribeStacks, a page at a time (NextToken);
- ``/stacks/{name}?tab=resources|events|outputs|parameters|template|drift``;
- ``/stacks/{name}/events?token=T``: the events table alone (DescribeStackEvents, newest
  first), which the page reloads every 2 s with htmx while the status ends in
  ``_IN_PROGRESS``;
- ``/stacks/{name}/drift`` (POST): DetectStackDrift, then the drift tab shows
  DescribeStackDriftDetectionStatus and DescribeStackResourceDrifts.

LIMITATIONS: resources past ``RESOURCE_PAGES`` pages of ListStackResources are not shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from cloudlet.console import site
from cloudlet.console.site import nav, page
from cloudlet.console.view import View
from cloudlet.server.errors import ServiceError
from cloudlet.server.http import Response

TABS = ("resources", "events", "outputs", "parameters", "template", "drift")
RESOURCE_PAGES = 10

nav("Stacks", "/stacks", 40)


def _last(separator: str) -> Callable[[str], str]:
    return lambda physical: physical.rsplit(separator, 1)[-1]


def _same(physical: str) -> str:
    return physical


# A resource type's console page: the path below which it lives, and its segment there
# from the physical id.
PAGES: dict[str, tuple[str, Callable[[str], str]]] = {
    "AWS::Lambda::Function": ("/functions/", _same),
    "AWS::DynamoDB::Table": ("/tables/", _same),
    "AWS::DynamoDB::GlobalTable": ("/tables/", _same),
    "AWS::SQS::Queue": ("/queues/", _last("/")),
    "AWS::SNS::Topic": ("/topics/", _last(":")),
    "AWS::Events::EventBus": ("/buses/", _same),
    "AWS::Logs::LogGroup": ("/logs/", _same),
    "AWS::Kinesis::Stream": ("/streams/", _same),
    "AWS::S3::Bucket": ("/buckets/", _same),
    "AWS::StepFunctions::StateMachine": ("/states/", _last(":")),
    "AWS::ApiGateway::RestApi": ("/apis/", _same),
    "AWS::ApiGatewayV2::Api": ("/apis/", _same),
    "AWS::CloudFormation::Stack": ("/stacks/", lambda arn: arn.split("/")[1] if "/" in arn else arn),
}


def resource_page(type_name: str, physical: str | None) -> str | None:
    """The console path of a stack resource, when the console has a page for it."""
    known = PAGES.get(type_name)
    if known is None or not physical:
        return None
    prefix, segment = known
    path = prefix + quote(segment(physical), safe="/" if prefix == "/logs/" else "")
    found = site.find("GET", path)
    return path if isinstance(found, tuple) else None


def in_progress(stack: dict[str, Any]) -> bool:
    return str(stack.get("StackStatus", "")).endswith("_IN_PROGRESS")


@page("/stacks")
async def stacks(view: View) -> Response:
    params = {"NextToken": view.query["token"]} if view.query.get("token") else {}
    out, error = await view.attempt("cloudformation", "DescribeStacks", params)
    return view.render("stacks/list.html", title="Stacks", crumbs=[("Stacks", "/stacks")],
                       error=error, stacks=(out or {}).get("Stacks") or [],
                       next=(out or {}).get("NextToken"))


async def _stack(view: View) -> tuple[dict[str, Any] | None, ServiceError | None]:
    out, error = await view.attempt("cloudformation", "DescribeStacks",
                                    {"StackName": view.params["name"]})
    stacks_found = (out or {}).get("Stacks") or []
    return (stacks_found[0] if stacks_found else None), error


async def _events(view: View, stack: dict[str, Any]) -> dict[str, Any]:
    params = {"StackName": stack["StackId"]}
    if view.query.get("token"):
        params["NextToken"] = view.query["token"]
    out, error = await view.attempt("cloudformation", "DescribeStackEvents", params)
    return {"events": (out or {}).get("StackEvents") or [], "events_next": (out or {}).get("NextToken"),
            "events_error": error, "live": in_progress(stack)}


async def _resources(view: View, stack: dict[str, Any]) -> dict[str, Any]:
    listed: list[dict[str, Any]] = []
    params: dict[str, Any] = {"StackName": stack["StackId"]}
    error = None
    for _ in range(RESOURCE_PAGES):
        out, error = await view.attempt("cloudformation", "ListStackResources", params)
        if out is None:
            break
        listed.extend(out.get("StackResourceSummaries") or [])
        if not out.get("NextToken"):
            break
        params["NextToken"] = out["NextToken"]
    for resource in listed:
        resource["page"] = resource_page(resource["ResourceType"],
                                         resource.get("PhysicalResourceId"))
    return {"resources": listed, "error": error}


async def _drift(view: View, stack: dict[str, Any]) -> dict[str, Any]:
    detection = None
    if view.query.get("detection"):
        detection, error = await view.attempt("cloudformation", "DescribeStackDriftDetectionStatus",
                                              {"StackDriftDetectionId": view.query["detection"]})
        if error is not None:
            return {"drifts": [], "detection": None, "error": error, "unsupported": False}
    out, error = await view.attempt("cloudformation", "DescribeStackResourceDrifts",
                                    {"StackName": stack["StackId"]})
    unsupported = error is not None and error.error_code == "NotImplemented"
    return {"drifts": (out or {}).get("StackResourceDrifts") or [], "detection": detection,
            "error": None if unsupported else error, "unsupported": unsupported}


@page("/stacks/{name}")
async def stack_page(view: View) -> Response:
    name = view.params["name"]
    crumbs = [("Stacks", "/stacks"), (name, f"/stacks/{name}")]
    stack, error = await _stack(view)
    if stack is None:
        return view.render("stacks/missing.html", 404 if error else 200, title=name,
                           crumbs=crumbs, error=error)
    tab = view.query.get("tab", "resources")
    tab = tab if tab in TABS else "resources"
    context: dict[str, Any] = {"error": None}
    if tab == "resources":
        context = await _resources(view, stack)
    elif tab == "events":
        context = await _events(view, stack)
    elif tab == "template":
        out, error = await view.attempt("cloudformation", "GetTemplate",
                                        {"StackName": stack["StackId"]})
        context = {"template_body": (out or {}).get("TemplateBody", ""), "error": error}
    elif tab == "drift":
        context = await _drift(view, stack)
    context.setdefault("live", in_progress(stack))
    return view.render("stacks/stack.html", title=name, crumbs=crumbs, stack=stack, tab=tab,
                       tabs=TABS, **context)


@page("/stacks/{name}/events")
async def events_fragment(view: View) -> Response:
    """The events table alone, for htmx to swap in while the stack is in progress."""
    stack, error = await _stack(view)
    if stack is None:
        return view.render("stacks/events.html", 404, stack=None, events=[], events_next=None,
                           events_error=error, live=False)
    return view.render("stacks/events.html", stack=stack, **await _events(view, stack))


@page("/stacks/{name}/drift", methods=("POST",))
async def detect_drift(view: View) -> Response:
    name = view.params["name"]
    out, error = await view.attempt("cloudformation", "DetectStackDrift", {"StackName": name})
    if out is None:
        stack, _ = await _stack(view)
        unsupported = error is not None and error.error_code == "NotImplemented"
        return view.render("stacks/stack.html", 400, title=name, tab="drift", tabs=TABS,
                           crumbs=[("Stacks", "/stacks"), (name, f"/stacks/{name}")],
                           stack=stack or {"StackName": name}, live=False, drifts=[],
                           detection=None, unsupported=unsupported,
                           error=None if unsupported else error)
    return view.redirect(f"/stacks/{name}", tab="drift", detection=out["StackDriftDetectionId"])
