"""REST ``AWS`` integrations: a Lambda function without the proxy (custom integration), and
actions of the AWS services cloudlet serves.

https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-custom-integrations.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/integrating-api-with-aws-services-lambda.html
https://docs.aws.amazon.com/apigateway/latest/api/API_Integration.html (``uri``)

- Lambda: ``uri``
  ``arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations``; the
  function gets the request template's output (or the body passed through; ``{}`` when
  empty) and its result is the integration's body. A function error's ``errorMessage``
  selects the integration response; the body is then the error object
  (``errorMessage``, ``errorType``, ``stackTrace``).
- A service action: ``uri`` ``arn:aws:apigateway:{region}:{service}:action/{Action}``. The
  template's output is the action's input: JSON for JSON-protocol services (DynamoDB), a
  form-encoded body for query-protocol ones (read by that protocol's parser). It runs
  in-process (``internal.call``) as the integration's ``credentials`` role (a role session named ``BackplaneAssumeRoleSession``),
  or as the ``apigateway.amazonaws.com`` principal without credentials. The service's wire
  answer (its protocol's body, status and content type) is the integration's response,
  whose status code selects the integration response.

LIMITATIONS: actions of rest-json and rest-xml services, ``path/...`` service URIs (S3
objects, SQS queues by path) and services cloudlet does not serve answer 500 with
``{"message": "not supported: ..."}``; credentials ``arn:aws:iam::*:user/*`` (the caller's
own) are not supported. No query-protocol service is served yet, so that path is untested.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

import orjson

from cloudlet.clock import new_id
from cloudlet.server.context import Principal
from cloudlet.server.dispatch import protocol_for
from cloudlet.server.errors import SerializationException, ServiceError
from cloudlet.server.http import Request, Response
from cloudlet.server.internal import call, served
from cloudlet.server.protocols.query import QueryProtocol
from cloudlet.services.apigateway.gateway import lambda_call, observe
from cloudlet.services.apigateway.gateway.errors import GatewayError
from cloudlet.services.apigateway.gateway.integration_responses import respond
from cloudlet.services.apigateway.gateway.mapping import map_request

if TYPE_CHECKING:
    from cloudlet.server.service import Service
    from cloudlet.services.apigateway.gateway.invocation import Invocation

log = logging.getLogger("cloudlet")

_SERVICE_URI = re.compile(r"arn:aws[a-z-]*:apigateway:(?P<region>[^:]*):(?P<service>[^:]+):"
                          r"(?P<kind>action|path)/(?P<rest>.*)")
SESSION_NAME = "BackplaneAssumeRoleSession"
DEFAULT_TIMEOUT_MS = 29_000


def _timeout(inv: Invocation) -> int:
    return int(inv.integration.get("timeoutInMillis") or DEFAULT_TIMEOUT_MS)


async def run(inv: Invocation) -> Response:
    """Run an ``AWS`` integration (see the module docstring)."""
    uri = lambda_call.substitute_stage_variables(str(inv.integration.get("uri") or ""),
                                                 inv.stage_variables)
    fn_arn = lambda_call.function_arn(uri)
    if fn_arn is not None:
        return await _lambda(inv, fn_arn)
    found = _SERVICE_URI.fullmatch(uri)
    if found is None:
        log.warning("API %s: integration uri %r names no AWS service action", inv.api.api_id, uri)
        raise GatewayError("API_CONFIGURATION_ERROR")
    if found["kind"] == "path":
        log.warning("API %s: not supported: path-form service URI %s", inv.api.api_id, uri)
        raise GatewayError("API_CONFIGURATION_ERROR", f"not supported: service URI {uri}")
    region = found["region"] or inv.api.region
    return await _service_action(inv, found["service"], found["rest"], region)


async def _lambda(inv: Invocation, fn_arn: str) -> Response:
    payload, _, _ = map_request(inv)
    if not payload.strip():
        payload = b"{}"
    observe.sent(str(inv.integration.get("uri") or ""), payload)
    result = await lambda_call.invoke(inv.state, inv.api, fn_arn, payload, _timeout(inv))
    observe.answered(200, result.payload)
    body = result.payload
    key: str | None = None
    if result.function_error:
        key = _error_message(body)
    return respond(inv, key, body, [("Content-Type", "application/json")],
                   what=f"function error {key!r}" if key is not None else "")


def _error_message(body: bytes) -> str:
    try:
        error: Any = orjson.loads(body)
    except orjson.JSONDecodeError:
        return body.decode("utf-8", "replace")
    if isinstance(error, dict):
        message = error.get("errorMessage")
        return "" if message is None else str(message)
    return str(error)


def principal(inv: Invocation) -> Principal:
    """Who the integration acts as: its ``credentials`` role, or API Gateway itself."""
    role = inv.integration.get("credentials")
    if not role:
        return Principal.service(inv.api.account, lambda_call.SERVICE_PRINCIPAL)
    if ":user/" in str(role):
        raise GatewayError("API_CONFIGURATION_ERROR", "not supported: caller credentials")
    return Principal.role_session(str(role), SESSION_NAME)


async def _service_action(inv: Invocation, service_name: str, action: str,
                          region: str) -> Response:
    service = served(inv.state, service_name)
    if service is None or action not in service.model.operation_names:
        log.warning("API %s: not supported: service integration %s:%s", inv.api.api_id,
                    service_name, action)
        raise GatewayError("API_CONFIGURATION_ERROR",
                           f"not supported: service integration {service_name}:{action}")
    payload, _, _ = map_request(inv)
    protocol = protocol_for(service)
    operation = service.model.operation_model(action)
    request_id = new_id()
    observe.sent(str(inv.integration.get("uri") or ""), payload)
    try:
        params = _params(service, action, payload)
        out = await call(inv.state, service_name, action, params, principal=principal(inv),
                         region=region, request_id=request_id)
        answer = protocol.serialize(service, operation, out, request_id)
    except ServiceError as error:
        answer = protocol.serialize_error(service, error, request_id)
    observe.answered(answer.status, answer.body)
    return respond(inv, str(answer.status), answer.body, answer.headers,
                   what=f"status {answer.status}")


def _params(service: Service, action: str, payload: bytes) -> dict[str, Any]:
    """The action's input from the template's output, read as the service's protocol reads
    a request body."""
    protocol = service.model.protocol
    if protocol == "json":
        if not payload.strip():
            return {}
        try:
            found = orjson.loads(payload)
        except orjson.JSONDecodeError:
            raise SerializationException(
                "Start of structure or map found where not expected.") from None
        if not isinstance(found, dict):
            raise SerializationException("Start of structure or map found where not expected.")
        return found
    if protocol == "query":
        form = dict(parse_qsl(payload.decode("utf-8", "replace"), keep_blank_values=True))
        form.pop("Action", None)
        form.pop("Version", None)
        request = Request("POST", "/", "/", "",
                          {"content-type": "application/x-www-form-urlencoded"}, payload)
        return QueryProtocol().parse(service, service.model.operation_model(action), request,
                                     form)
    raise GatewayError("API_CONFIGURATION_ERROR",
                       f"not supported: {protocol} service integrations")
