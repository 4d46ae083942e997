"""GetParameter(s), GetParametersByPath, DescribeParameters and GetParameterHistory.

https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParametersByPath.html
- ``name:version`` and ``name:label`` select a version; the answer names the selector.
- GetParameters answers the names it could not find in ``InvalidParameters``.
- GetParametersByPath lists the path's direct children (every descendant with
  ``Recursive``), 10 a page at most; DescribeParameters and GetParameterHistory 50.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cloudlet.server.errors import ValidationException
from cloudlet.services.ssm.errors import ParameterNotFound, ParameterVersionNotFound
from cloudlet.services.ssm.filters import BY_PATH_KEYS, compile_filters, compile_legacy
from cloudlet.services.ssm.names import offset_of, token
from cloudlet.services.ssm.registry import service, store
from cloudlet.services.ssm.views import history, load, metadata, parameter, resolve

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext


def _page(items: Sequence[dict[str, Any]], req: dict[str, Any], member: str, size: int
          ) -> dict[str, Any]:
    start = offset_of(req.get("NextToken"))
    end = start + int(req.get("MaxResults") or size)
    out: dict[str, Any] = {member: list(items[start:end])}
    if end < len(items):
        out["NextToken"] = token(end)
    return out


@service.operation("GetParameter")
def get_parameter(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    param, version, selector = resolve(ctx, req["Name"])
    return {"Parameter": parameter(ctx, param, version, decrypt=bool(req.get("WithDecryption")),
                                   selector=selector)}


@service.operation("GetParameters")
def get_parameters(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found: list[dict[str, Any]] = []
    invalid: list[str] = []
    for reference in dict.fromkeys(req["Names"]):
        try:
            param, version, selector = resolve(ctx, reference)
        except (ParameterNotFound, ParameterVersionNotFound):
            invalid.append(reference)
            continue
        found.append(parameter(ctx, param, version, decrypt=bool(req.get("WithDecryption")),
                               selector=selector))
    return {"Parameters": found, "InvalidParameters": invalid}


@service.operation("GetParametersByPath")
def get_parameters_by_path(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    path = req["Path"]
    if not path.startswith("/"):
        raise ValidationException("The parameter doesn't meet the parameter name requirements."
                                  " The parameter name must begin with a forward slash \"/\".")
    base = path if path.endswith("/") else path + "/"
    matches = compile_filters(req.get("ParameterFilters") or [], keys=BY_PATH_KEYS)
    found = []
    for param in store(ctx).all(base):
        rest = param["Name"][len(base):]
        version = param["versions"][-1]
        if (req.get("Recursive") or "/" not in rest) and all(m(param, version) for m in matches):
            found.append(parameter(ctx, param, version, decrypt=bool(req.get("WithDecryption"))))
    return _page(found, req, "Parameters", 10)


@service.operation("DescribeParameters")
def describe_parameters(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    if req.get("Filters") and req.get("ParameterFilters"):
        raise ValidationException("You can use either Filters or ParameterFilters in a single"
                                  " request.")
    matches = compile_legacy(req.get("Filters") or []) + \
        compile_filters(req.get("ParameterFilters") or [])
    found = [metadata(ctx, p, p["versions"][-1]) for p in store(ctx).all()
             if all(m(p, p["versions"][-1]) for m in matches)]
    return _page(found, req, "Parameters", 50)


@service.operation("GetParameterHistory")
def get_parameter_history(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    param = load(ctx, req["Name"], message="")
    versions = [history(param, v, bool(req.get("WithDecryption"))) for v in param["versions"]]
    return _page(versions, req, "Parameters", 50)
