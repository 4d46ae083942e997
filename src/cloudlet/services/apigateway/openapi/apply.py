"""Writing a ``Plan`` into a REST API: as a new API (import), merged into it, or replacing it.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api-update.html
- ``merge``: the definition's resources are added (missing parents too); a method the
  definition defines replaces the method of that verb on that resource; models,
  authorizers and request validators with the same name are replaced (keeping their ids);
  everything else of the API stays.
- ``overwrite``: the API keeps its id and root resource; every other resource, the root's
  methods, the models (but the default ``Empty`` and ``Error``), authorizers, request
  validators and gateway responses are removed, then the definition is written as on
  import. The API's name, description, version, binary media types, policy and API key
  source become the definition's.
- Everything is written in one transaction: an error (two variable siblings such as
  ``/{a}`` and ``/{b}``, a child of a greedy ``{proxy+}``) leaves the API as it was.
- Model schemas are stored as JSON text; a ``$ref`` to another model of the definition
  becomes ``https://apigateway.amazonaws.com/restapis/{api}/models/{name}`` as AWS stores it.

LIMITATIONS: stages and deployments are not touched (as on AWS: redeploy to serve the
change); documentation parts are not imported.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from cloudlet.services.apigateway.openapi.errors import invalid_definition
from cloudlet.services.apigateway.openapi.plan import Plan
from cloudlet.services.apigateway.store import Store, new_id

Doc = dict[str, Any]
MODEL_URL = "https://apigateway.amazonaws.com/restapis/{api}/models/{name}"
DEFAULT_MODELS = ("Empty", "Error")
_API_MEMBERS = ("description", "version", "binaryMediaTypes", "policy",
                "minimumCompressionSize")


def apply_plan(db: Store, api_id: str, plan: Plan, mode: str) -> Doc:
    """Write ``plan`` into ``api_id`` (``mode``: import, merge or overwrite); returns the
    RestApi document as stored."""
    with db.write():
        api = db.get("restapi", api_id, api_id)
        assert api is not None
        if mode == "overwrite":
            _clear(db, api_id, api)
            for key in _API_MEMBERS:
                api.pop(key, None)
            api["apiKeySource"] = "HEADER"
        if mode != "import":
            _update_api(api, plan.api, mode)
            db.put("restapi", api_id, api_id, api)
        _write_models(db, api_id, plan)
        authorizers = _write_named(db, api_id, "authorizer", plan.authorizers)
        validators = _write_named(db, api_id, "requestvalidator", plan.validators)
        for kind, response in plan.gateway_responses.items():
            db.put("gatewayresponse", api_id, kind, copy.deepcopy(response))
        _write_paths(db, api_id, api["rootResourceId"], plan, authorizers, validators)
        return api


def _update_api(api: Doc, members: Doc, mode: str) -> None:
    for key, value in members.items():
        if key == "endpointConfiguration":
            continue  # only on import (endpointConfigurationTypes)
        if key == "binaryMediaTypes" and mode == "merge":
            found = list(api.get("binaryMediaTypes") or [])
            api[key] = found + [t for t in value if t not in found]
        else:
            api[key] = copy.deepcopy(value)


def _clear(db: Store, api_id: str, api: Doc) -> None:
    root_id = api["rootResourceId"]
    for resource in db.list("resource", api_id):
        if resource["id"] == root_id:
            resource.pop("resourceMethods", None)
            db.put("resource", api_id, root_id, resource)
        else:
            db.delete("resource", api_id, resource["id"])
    for model in db.list("model", api_id):
        if model["name"] not in DEFAULT_MODELS:
            db.delete("model", api_id, model["name"])
    for kind in ("authorizer", "requestvalidator"):
        for doc in db.list(kind, api_id):
            db.delete(kind, api_id, doc["id"])
    for doc in db.list("gatewayresponse", api_id):
        db.delete("gatewayresponse", api_id, doc["responseType"])


def schema_text(api_id: str, schema: Any, pointers: tuple[str, ...]) -> str:
    """The schema as stored: JSON text, model ``$ref``s as model URLs."""

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str):
                    for pointer in pointers:
                        if value.startswith(pointer):
                            value = MODEL_URL.format(api=api_id, name=value[len(pointer):])
                out[key] = rewrite(value)
            return out
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return node

    return json.dumps(rewrite(schema), indent=2)


def _write_models(db: Store, api_id: str, plan: Plan) -> None:
    pointers = ("#/definitions/", "#/components/schemas/")
    for name, model in plan.models.items():
        old = db.get("model", api_id, name)
        doc = {k: copy.deepcopy(v) for k, v in model.items() if k != "schema"}
        doc["id"] = old["id"] if old else new_id(6)
        doc["schema"] = schema_text(api_id, model["schema"], pointers)
        db.put("model", api_id, name, doc)


def _write_named(db: Store, api_id: str, kind: str, planned: dict[str, Doc]) -> dict[str, str]:
    """Documents stored by id but matched by name; returns name -> id."""
    ids = {doc["name"]: doc["id"] for doc in db.list(kind, api_id)}
    for name, spec in planned.items():
        doc_id = ids.get(name) or new_id(6)
        ids[name] = doc_id
        db.put(kind, api_id, doc_id, {"id": doc_id, **copy.deepcopy(spec)})
    return ids


def _write_paths(db: Store, api_id: str, root_id: str, plan: Plan, authorizers: dict[str, str],
                 validators: dict[str, str]) -> None:
    by_path: dict[str, Doc] = {r["path"]: r for r in db.list("resource", api_id)}
    for path in sorted(plan.paths):
        resource = _ensure(db, api_id, root_id, by_path, path)
        methods = resource.setdefault("resourceMethods", {})
        for verb, planned in plan.paths[path].items():
            method = copy.deepcopy(planned.doc)
            if planned.authorizer is not None and planned.authorizer in authorizers:
                method["authorizerId"] = authorizers[planned.authorizer]
            if planned.validator is not None:
                method["requestValidatorId"] = validators[planned.validator]
            integration = method.get("methodIntegration")
            if integration is not None:
                integration.setdefault("cacheNamespace", resource["id"])
            methods[verb] = method
        if not methods:
            del resource["resourceMethods"]
        db.put("resource", api_id, resource["id"], resource)


def _ensure(db: Store, api_id: str, root_id: str, by_path: dict[str, Doc], path: str) -> Doc:
    """The resource at ``path``, created (with its missing parents) when absent."""
    found = by_path.get(path)
    if found is not None:
        return found
    parent_path, _, part = path.rpartition("/")
    parent = _ensure(db, api_id, root_id, by_path, parent_path or "/")
    if str(parent.get("pathPart", "")).endswith("+}"):
        raise invalid_definition(f"the path {path!r}: Cannot create a child of a resource"
                                 f" with a greedy path variable: {parent['pathPart']}")
    if part.startswith("{"):
        for sibling in by_path.values():
            if sibling.get("parentId") == parent["id"] and \
                    str(sibling.get("pathPart", "")).startswith("{"):
                raise invalid_definition(
                    f"the path {path!r}: A sibling ({sibling['pathPart']}) of this resource"
                    " already has a variable path part -- only one is allowed")
    doc: Doc = {"id": new_id(10), "parentId": parent["id"], "pathPart": part, "path": path}
    db.put("resource", api_id, doc["id"], doc)
    by_path[path] = doc
    return doc
