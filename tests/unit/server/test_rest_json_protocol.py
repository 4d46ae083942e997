"""The rest-json protocol against botocore itself: every operation of API Gateway (REST and
HTTP APIs) and Lambda is sent by botocore's serializer, routed and read by ours; every
result we write is read back by botocore's parser. Members with a wire name of their own
(apigatewayv2's camelCase ``name`` for ``Name``, apigateway's ``item`` lists) are renamed at
every depth."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.parsers import create_parser

from cloudlet.server.protocols.rest import build_routes, match
from cloudlet.server.protocols.rest_json import RestJsonProtocol
from cloudlet.server.service import Service
from tests.unit.server.botocore_examples import Examples, botocore_request, botocore_response
from tests.unit.server.test_rest_xml_protocol import header_safe

SERVICES = ["apigateway", "apigatewayv2", "lambda"]
PROTOCOL = RestJsonProtocol()
ROUTES = {name: build_routes(Service(name).model) for name in SERVICES}


def operations(service: str) -> list[tuple[str, str]]:
    return [(service, name) for name in Service(service).model.operation_names]


ALL = [pair for name in SERVICES for pair in operations(name)]


# Map keys the example generator cannot fit to a key pattern (``[0-9]+``).
KEY_PATTERNS = {("lambda", "CreateAlias"), ("lambda", "UpdateAlias")}


@pytest.mark.parametrize(("service_name", "operation"), ALL)
def test_botocore_request_parses_to_its_params(service_name: str, operation: str) -> None:
    examples = Examples(rich_strings=False)
    service = Service(service_name)
    op = service.model.operation_model(operation)
    if op.input_shape is None or (service_name, operation) in KEY_PATTERNS:
        pytest.skip("no input, or map keys with a pattern")
    params = header_safe(examples, op)
    service.opaque_shapes = frozenset(examples.unmatched)
    request = botocore_request("rest-json", op, params)

    found = match([r for r in ROUTES[service_name] if r.operation == operation], request)
    assert found is not None
    parsed = PROTOCOL.parse(service, op, request, found[1])
    payload = op.input_shape.serialization.get("payload")
    if payload and op.input_shape.members[payload].type_name in ("blob", "string"):
        parsed.pop(payload, None)
        params.pop(payload, None)
    assert parsed == params


@pytest.mark.parametrize(("service_name", "operation"), ALL)
def test_our_result_parses_in_botocore(service_name: str, operation: str) -> None:
    service = Service(service_name)
    op = service.model.operation_model(operation)
    shape = op.output_shape
    if shape is None or any(m.serialization.get("eventstream") for m in shape.members.values()):
        pytest.skip("no output or an event stream")
    output: dict[str, Any] = Examples(rich_strings=False).value(shape)
    for name, member in shape.members.items():
        where = member.serialization.get("location")
        if where in ("header", "headers") and name in output:
            output[name] = Examples().value(member, plain=True, hint=name)
        elif where == "statusCode":
            output[name] = 206
    payload = shape.serialization.get("payload")
    if payload and shape.members[payload].type_name in ("blob", "string"):
        output.pop(payload, None)
    response = PROTOCOL.serialize(service, op, output, "req-1")
    parsed = create_parser("rest-json").parse(botocore_response(response), shape)
    parsed.pop("ResponseMetadata")
    if payload:
        parsed.pop(payload, None)
    assert parsed == output
