"""An OpenAPI 3.0 / Swagger 2.0 definition (JSON or YAML) -> the ``Plan`` of what it creates.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api-errors-warnings.html
- Errors (a document that does not parse, a wrong version, a malformed extension) raise
  BadRequestException before anything is written.
- Warnings (a reference to a model, validator or security scheme the definition does not
  define; a part cloudlet skips) are collected in ``Plan.warnings``; the reference is
  dropped.

LIMITATIONS: see ``reader``, ``components`` and ``methods``.
"""

from __future__ import annotations

from cloudlet.services.apigateway.openapi.components import (
    read_api,
    read_authorizers,
    read_gateway_responses,
    read_models,
    read_validators,
)
from cloudlet.services.apigateway.openapi.methods import read_paths
from cloudlet.services.apigateway.openapi.plan import Plan
from cloudlet.services.apigateway.openapi.reader import Document, load_body, version_of


def read_definition(body: bytes, parameters: dict[str, str], new_api: bool = True) -> Plan:
    """What ``body`` defines, under the import ``parameters`` (basepath, ignore, ...);
    ``new_api`` for ImportRestApi, false for PutRestApi."""
    doc = load_body(body)
    document = Document(doc, version_of(doc))
    plan = Plan()
    read_api(document, plan, parameters, new_api)
    read_models(document, plan)
    read_authorizers(document, plan)
    read_validators(document, plan)
    read_gateway_responses(document, plan)
    read_paths(document, plan, parameters)
    for name, schema in document.inline_models.items():
        plan.models.setdefault(name, {"name": name, "contentType": "application/json",
                                      "schema": schema})
    _check_references(document, plan)
    plan.warnings = document.warnings
    return plan


def _check_references(document: Document, plan: Plan) -> None:
    for path, methods in plan.paths.items():
        for verb, method in methods.items():
            where = f"{verb} {path}"
            models = method.doc.get("requestModels") or {}
            for ctype, name in list(models.items()):
                if name not in plan.models:
                    document.warn(f"{where}: the request model {name!r} is not defined")
                    del models[ctype]
            if "requestModels" in method.doc and not models:
                del method.doc["requestModels"]
            for response in (method.doc.get("methodResponses") or {}).values():
                found = response.get("responseModels") or {}
                for ctype, name in list(found.items()):
                    if name not in plan.models:
                        document.warn(f"{where}: the response model {name!r} of"
                                      f" {response['statusCode']} is not defined")
                        del found[ctype]
                if "responseModels" in response and not found:
                    del response["responseModels"]
            if method.validator is not None and method.validator not in plan.validators:
                document.warn(f"{where}: the request validator {method.validator!r} is not"
                              " defined")
                method.validator = None
