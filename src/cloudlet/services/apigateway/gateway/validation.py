"""Basic request validation of REST API methods: required parameters and the body's model.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings-models.html

- A method's ``requestValidatorId`` names a RequestValidator of the API; without one nothing
  is validated.
- ``validateRequestParameters``: every ``requestParameters`` entry marked ``true``
  (``method.request.querystring.x``, ``method.request.header.x``, ``method.request.path.x``,
  and the ``multivalue`` forms) must be present and not blank, else 400 ``{"message":
  "Missing required request parameters: [x, y]"}`` (``BAD_REQUEST_PARAMETERS``).
- ``validateRequestBody``: the body must satisfy the JSON Schema (draft 4) of the model
  ``requestModels`` names for the request's Content-Type (``$default`` for any other;
  ``application/json`` when none is sent); no model for it: not validated. A body that is
  not JSON or fails the schema: 400 ``{"message": "Invalid request body"}``
  (``BAD_REQUEST_BODY``). Schemas may ``$ref`` other models of the API as
  ``https://apigateway.amazonaws.com/restapis/{api_id}/models/{name}``.

Unsure of AWS: an empty body is validated as JSON ``null`` (fails an object schema).

LIMITATIONS: the failing schema rule is not added to the message (AWS puts it in
``$context.error.validationErrorString`` only); ``format`` keywords are not checked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.lazy_import import lazy_module
from cloudlet.services.apigateway.gateway.errors import GatewayError
from cloudlet.services.apigateway.gateway.refusals import refuse

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState
    from cloudlet.services.apigateway.gateway.invocation import Invocation

if TYPE_CHECKING:
    import jsonschema
    import referencing
    import referencing.exceptions
    import referencing.jsonschema
else:
    jsonschema = lazy_module("jsonschema")
    referencing = lazy_module("referencing")

log = logging.getLogger("cloudlet")

INVALID_BODY = "Invalid request body"
MODEL_URL = "https://apigateway.amazonaws.com/restapis/{api_id}/models/{name}"
_CACHE = "apigateway.validators"


@dataclass(slots=True)
class ValidatorCache:
    """Compiled schemas by (api, deployment, model name)."""

    validators: dict[tuple[str, str, str], jsonschema.protocols.Validator] = field(
        default_factory=dict)


def cache(state: ServerState) -> ValidatorCache:
    found = state.extras.get(_CACHE)
    if found is None:
        found = state.extras[_CACHE] = ValidatorCache()
    assert isinstance(found, ValidatorCache)
    return found


def _find(collection: Any, wanted: str, member: str) -> dict[str, Any] | None:
    """The document of a snapshot collection (a list, or a map by id or name) whose
    ``member`` is ``wanted``."""
    if isinstance(collection, dict):
        doc = collection.get(wanted)
        if isinstance(doc, dict):
            return doc
        collection = list(collection.values())
    for doc in collection or []:
        if isinstance(doc, dict) and doc.get(member) == wanted:
            return doc
    return None


def _models(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    found = snapshot.get("models") or []
    docs = list(found.values()) if isinstance(found, dict) else list(found)
    return [d for d in docs if isinstance(d, dict)]


def missing_parameters(inv: Invocation, required: dict[str, Any]) -> list[str]:
    """The names of required parameters absent or blank in ``inv``."""
    headers = inv.request.headers
    query: dict[str, list[str]] = {}
    for name, value in inv.request.query():
        query.setdefault(name, []).append(value)
    missing: list[str] = []
    for spec, needed in required.items():
        if needed is not True:
            continue
        location, _, name = spec.removeprefix("method.request.").partition(".")
        if location in ("header", "multivalueheader"):
            values = [headers.get(name.lower(), "")]
        elif location in ("querystring", "multivaluequerystring"):
            values = query.get(name, [])
        elif location == "path":
            values = [inv.path_params.get(name, "")]
        else:
            continue
        if not any(v.strip() for v in values):
            missing.append(name)
    return missing


def _validator(inv: Invocation, model: dict[str, Any]) -> jsonschema.protocols.Validator:
    key = (inv.api.api_id, inv.deployment_id, str(model.get("name")))
    found = cache(inv.state).validators.get(key)
    if found is not None:
        return found
    resources: list[tuple[str, referencing.Resource[Any]]] = []
    for other in _models(inv.snapshot):
        try:
            contents = orjson.loads(other.get("schema") or "{}")
        except orjson.JSONDecodeError:
            continue
        url = MODEL_URL.format(api_id=inv.api.api_id, name=other.get("name"))
        resources.append((url, referencing.Resource.from_contents(
            contents, default_specification=referencing.jsonschema.DRAFT4)))
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(resources)
    schema = orjson.loads(model.get("schema") or "{}")
    jsonschema.Draft4Validator.check_schema(schema)
    validator: jsonschema.protocols.Validator = jsonschema.Draft4Validator(schema,
                                                                           registry=registry)
    cache(inv.state).validators[key] = validator
    return validator


def _body_model(inv: Invocation, models: dict[str, str]) -> dict[str, Any] | None:
    content_type = inv.request.headers.get("content-type") or "application/json"
    media = content_type.split(";")[0].strip().lower()
    name = models.get(media) or models.get("$default")
    if name is None:
        for declared, model_name in models.items():
            if declared.lower() == media:
                name = model_name
    if name is None:
        return None
    model = _find(inv.snapshot.get("models"), name, "name")
    if model is None:
        log.warning("API %s: request model %r is not deployed", inv.api.api_id, name)
    return model


def validate(inv: Invocation) -> None:
    """Apply the method's request validator to ``inv`` (400 when it fails)."""
    method = inv.method or {}
    validator_id = method.get("requestValidatorId")
    if not validator_id:
        return
    validator = _find(inv.snapshot.get("requestValidators"), str(validator_id), "id")
    if validator is None:
        log.warning("API %s: request validator %r is not deployed", inv.api.api_id,
                    validator_id)
        return
    if validator.get("validateRequestParameters"):
        missing = missing_parameters(inv, method.get("requestParameters") or {})
        if missing:
            raise refuse("BAD_REQUEST_PARAMETERS",
                               f"Missing required request parameters: [{', '.join(missing)}]")
    if validator.get("validateRequestBody"):
        model = _body_model(inv, method.get("requestModels") or {})
        if model is None:
            return
        try:
            body = orjson.loads(inv.request.body) if inv.request.body.strip() else None
        except orjson.JSONDecodeError:
            raise refuse("BAD_REQUEST_BODY", INVALID_BODY) from None
        try:
            checker = _validator(inv, model)
        except (orjson.JSONDecodeError, jsonschema.SchemaError) as error:
            log.warning("API %s: model %r has an invalid schema: %s", inv.api.api_id,
                        model.get("name"), error)
            raise GatewayError("API_CONFIGURATION_ERROR") from None
        try:
            valid = checker.is_valid(body)
        except referencing.exceptions.Unresolvable as error:
            log.warning("API %s: model %r: %s", inv.api.api_id, model.get("name"), error)
            raise GatewayError("API_CONFIGURATION_ERROR") from None
        if not valid:
            raise refuse("BAD_REQUEST_BODY", INVALID_BODY)
