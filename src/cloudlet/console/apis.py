"""APIs: REST APIs (``apigateway``) and HTTP APIs (``apigatewayv2``) in one list; a REST
API's resource tree with its methods and integrations, an HTTP API's routes and
integrations, their stages with invoke URLs, and a try-it request builder.

Pages:

- ``/apis``: GetRestApis and GetApis (``?rest=`` / ``?http=`` page on).
- ``/apis/rest/{api}``: GetRestApi, GetResources (``embed=methods``: each method with its
  integration in the same call), GetStages; POST sends the try-it request (TestInvokeMethod,
  ``apis_test_invoke``) and answers the result fragment (htmx) or the whole page: the
  response, the event the function got and the execution log.
- ``/apis/rest/{api}/method?resource=ID&verb=GET``: the htmx fragment with GetMethod and
  GetIntegration.
- ``/apis/http/{api}``: GetApi, GetRoutes, GetIntegrations, GetStages; POST: try-it
  (through the stage, ``apis_tryit``), with the event the function got.

``?method=&target=&stage=`` fill the try-it form (the tree's "Try" links), so a request is a
shareable URL; its result is not (it is an action).
"""

from __future__ import annotations

import asyncio
from typing import Any

from cloudlet.console.apis_test_invoke import test_invoke
from cloudlet.console.apis_tryit import METHODS, Answer, parse_headers, send, stage_url
from cloudlet.console.site import nav, page
from cloudlet.console.view import View
from cloudlet.server.errors import ServiceError
from cloudlet.server.http import Response

nav("APIs", "/apis", 30)

LIST_LIMIT = 100


@page("/apis")
async def apis(view: View) -> Response:
    rest_params: dict[str, Any] = {"limit": LIST_LIMIT}
    if view.query.get("rest"):
        rest_params["position"] = view.query["rest"]
    http_params: dict[str, Any] = {"MaxResults": str(LIST_LIMIT)}
    if view.query.get("http"):
        http_params["NextToken"] = view.query["http"]
    (rest, rest_error), (http, http_error) = await asyncio.gather(
        view.attempt("apigateway", "GetRestApis", rest_params),
        view.attempt("apigatewayv2", "GetApis", http_params))
    rows = [{"name": a.get("name", ""), "id": a["id"], "kind": "REST",
             "created": a.get("createdDate"), "description": a.get("description", ""),
             "link": view.url(f"/apis/rest/{a['id']}")} for a in (rest or {}).get("items") or []]
    rows += [{"name": a.get("Name", ""), "id": a["ApiId"], "kind": a.get("ProtocolType", "HTTP"),
              "created": a.get("CreatedDate"), "description": a.get("Description", ""),
              "link": view.url(f"/apis/http/{a['ApiId']}")} for a in (http or {}).get("Items") or []]
    rows.sort(key=lambda r: (str(r["name"]).lower(), r["id"]))
    return view.render("apis/list.html", title="APIs", crumbs=[("APIs", "/apis")],
                       error=rest_error or http_error, rows=rows,
                       rest_next=(rest or {}).get("position"),
                       http_next=(http or {}).get("NextToken"))


def _tree(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Resources in path order, each with its depth and its methods sorted by verb."""
    rows = []
    for resource in sorted(resources, key=lambda r: str(r.get("path", "")).split("/")):
        path = str(resource.get("path", "/"))
        methods = resource.get("resourceMethods") or {}
        rows.append({"id": resource["id"], "path": path,
                     "part": resource.get("pathPart") or "/",
                     "depth": 0 if path == "/" else path.count("/"),
                     "methods": [methods[v] | {"httpMethod": v} for v in sorted(methods)]})
    return rows


async def _try(view: View, api_id: str, rest: bool) -> dict[str, Any] | None:
    """The try-it form's request sent, when this is its POST: TestInvokeMethod for a REST
    API, the stage's own handling for an HTTP API (``apis_tryit``)."""
    if view.request.method != "POST":
        return None
    form = view.form()
    method = form.get("method", "GET").upper()
    if method not in METHODS:
        method = "GET"
    args = (api_id, form.get("stage", ""), method, form.get("path", "/") or "/",
            parse_headers(form.get("headers", "")), form.get("body", ""))
    failure: ServiceError | str | None = None
    answer: Answer | None
    if rest:
        sent, answer, failure = await test_invoke(view, *args)
    else:
        sent, answer = await send(view.state, *args)
    return {"sent": sent, "answer": answer, "failure": failure, "form": form}


def _form(view: View, tried: dict[str, Any] | None, stages: list[str]) -> dict[str, str]:
    """The try-it form's values: as posted, else from the query (``target`` is the path)."""
    given = dict(tried["form"]) if tried else {**view.query, "path": view.query.get("target", "/")}
    return {"method": given.get("method", "GET"), "path": given.get("path") or "/",
            "stage": given.get("stage") or (stages[0] if stages else ""),
            "headers": given.get("headers", ""), "body": given.get("body", "")}


@page("/apis/rest/{api}", methods=("GET", "POST"))
async def rest_api(view: View) -> Response:
    api_id = view.params["api"]
    crumbs = [("APIs", "/apis"), (api_id, f"/apis/rest/{api_id}")]
    tried = await _try(view, api_id, rest=True)
    if tried is not None and view.request.headers.get("hx-request"):
        return view.render("apis/try_result.html", tried=tried)
    api, error = await view.attempt("apigateway", "GetRestApi", {"restApiId": api_id})
    if api is None:
        return view.render("apis/rest.html", 404, title=api_id, crumbs=crumbs, error=error,
                           api=None, tried=None)
    (resources, res_error), (stages, stage_error) = await asyncio.gather(
        view.attempt("apigateway", "GetResources",
                     {"restApiId": api_id, "limit": 500, "embed": ["methods"]}),
        view.attempt("apigateway", "GetStages", {"restApiId": api_id}))
    stage_rows = [{"name": s["stageName"], "auto": False, "deployment": s.get("deploymentId", ""),
                   "created": s.get("createdDate"),
                   "url": stage_url(view.state.config.port, api_id, s["stageName"])}
                  for s in (stages or {}).get("item") or []]
    names = [s["name"] for s in stage_rows]
    return view.render("apis/rest.html", title=api.get("name") or api_id, crumbs=crumbs,
                       error=res_error or stage_error, api=api,
                       tree=_tree((resources or {}).get("items") or []),
                       more=bool((resources or {}).get("position")), stages=stage_rows,
                       form=_form(view, tried, names), methods=METHODS, tried=tried,
                       here=f"/apis/rest/{api_id}")


@page("/apis/rest/{api}/method")
async def rest_method(view: View) -> Response:
    params = {"restApiId": view.params["api"], "resourceId": view.query.get("resource", ""),
              "httpMethod": view.query.get("verb", "")}
    (method, method_error), (integration, integration_error) = await asyncio.gather(
        view.attempt("apigateway", "GetMethod", params),
        view.attempt("apigateway", "GetIntegration", params))
    error: ServiceError | None = method_error or integration_error
    return view.render("apis/method.html", method=method, integration=integration,
                       error=error, verb=params["httpMethod"])


@page("/apis/http/{api}", methods=("GET", "POST"))
async def http_api(view: View) -> Response:
    api_id = view.params["api"]
    crumbs = [("APIs", "/apis"), (api_id, f"/apis/http/{api_id}")]
    tried = await _try(view, api_id, rest=False)
    if tried is not None and view.request.headers.get("hx-request"):
        return view.render("apis/try_result.html", tried=tried)
    api, error = await view.attempt("apigatewayv2", "GetApi", {"ApiId": api_id})
    if api is None:
        return view.render("apis/http.html", 404, title=api_id, crumbs=crumbs, error=error,
                           api=None, tried=None)
    limit = {"ApiId": api_id, "MaxResults": "500"}
    (routes, route_error), (integrations, int_error), (stages, stage_error) = await asyncio.gather(
        view.attempt("apigatewayv2", "GetRoutes", limit),
        view.attempt("apigatewayv2", "GetIntegrations", limit),
        view.attempt("apigatewayv2", "GetStages", limit))
    by_id = {i["IntegrationId"]: i for i in (integrations or {}).get("Items") or []}
    route_rows = []
    for route in sorted((routes or {}).get("Items") or [], key=lambda r: str(r.get("RouteKey"))):
        target = str(route.get("Target") or "")
        verb, _, path = str(route.get("RouteKey", "")).partition(" ")
        route_rows.append({"route": route, "verb": verb, "path": path,
                           "integration": by_id.get(target.removeprefix("integrations/"))})
    endpoint = str(api.get("ApiEndpoint") or stage_url(view.state.config.port, api_id, "$default"))
    stage_rows = [{"name": s["StageName"], "auto": s.get("AutoDeploy", False),
                   "deployment": s.get("DeploymentId", ""), "created": s.get("CreatedDate"),
                   "url": endpoint + ("" if s["StageName"] == "$default" else f"/{s['StageName']}")}
                  for s in (stages or {}).get("Items") or []]
    names = [s["name"] for s in stage_rows]
    return view.render("apis/http.html", title=api.get("Name") or api_id, crumbs=crumbs,
                       error=route_error or int_error or stage_error, api=api, routes=route_rows,
                       integrations=list(by_id.values()), stages=stage_rows,
                       form=_form(view, tried, names), methods=METHODS, tried=tried,
                       here=f"/apis/http/{api_id}")
