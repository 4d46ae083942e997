"""The query protocol against botocore itself: every operation of SNS, CloudFormation, STS,
IAM and SES is sent by botocore's serializer and read by ours; every result we write is
read back by botocore's parser."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from botocore.parsers import create_parser

from cloudlet.config import Config
from cloudlet.server.dispatch import Dispatcher, protocol_for
from cloudlet.server.errors import ServiceError, ValidationError
from cloudlet.server.http import Request
from cloudlet.server.protocols.query import QueryProtocol
from cloudlet.server.router import EdgeRouter
from cloudlet.server.service import Service
from cloudlet.server.state import ServerState
from tests.unit.server.botocore_examples import Examples, botocore_request, botocore_response

SERVICES = ["sns", "cloudformation", "sts", "iam", "ses"]
PROTOCOL = QueryProtocol()


def operations(service: str) -> list[tuple[str, str]]:
    return [(service, name) for name in Service(service).model.operation_names]


ALL = [pair for name in SERVICES for pair in operations(name)]


def signed(service: str) -> str:
    return (f"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/{service}/aws4_request, "
            "SignedHeaders=host, Signature=0")


def form(body: str, authorization: str | None = None) -> Request:
    headers = {"content-type": "application/x-www-form-urlencoded; charset=utf-8"}
    if authorization:
        headers["authorization"] = authorization
    return Request("POST", "/", "/", "", headers, body.encode())


@pytest.mark.parametrize(("service_name", "operation"), ALL)
def test_botocore_request_parses_to_its_params(service_name: str, operation: str) -> None:
    examples = Examples()
    service = Service(service_name)
    op = service.model.operation_model(operation)
    params = examples.value(op.input_shape) if op.input_shape is not None else {}
    # Strings whose pattern no example satisfied are left unchecked, not failed.
    service.opaque_shapes = frozenset(examples.unmatched)
    request = botocore_request("query", op, params)
    assert PROTOCOL.parse(service, op, request, {}) == params


@pytest.mark.parametrize(("service_name", "operation"), ALL)
def test_our_result_parses_in_botocore(service_name: str, operation: str) -> None:
    service = Service(service_name)
    op = service.model.operation_model(operation)
    output = Examples().value(op.output_shape) if op.output_shape is not None else {}
    response = PROTOCOL.serialize(service, op, output, "req-1")
    assert response.status == 200
    parsed = create_parser("query").parse(botocore_response(response), op.output_shape)
    assert parsed.pop("ResponseMetadata")["RequestId"] == "req-1"
    assert parsed == output


def test_a_get_query_string_parses_like_a_form_body() -> None:
    service = Service("sns")
    op = service.model.operation_model("Publish")
    request = Request("GET", "/", "/", "Action=Publish&TopicArn=t&Message=hi%20there"
                      "&MessageAttributes.entry.1.Name=a&MessageAttributes.entry.1.Value.DataType=String"
                      "&MessageAttributes.entry.1.Value.StringValue=b", {}, b"")
    assert PROTOCOL.parse(service, op, request, {}) == {
        "TopicArn": "t", "Message": "hi there",
        "MessageAttributes": {"a": {"DataType": "String", "StringValue": "b"}},
    }


def test_an_empty_list_is_sent_as_a_bare_key() -> None:
    service = Service("cloudformation")
    op = service.model.operation_model("UpdateStack")
    parsed = PROTOCOL.parse(service, op, form("Action=UpdateStack&StackName=s&Tags="), {})
    assert parsed == {"StackName": "s", "Tags": []}


def test_scalars_are_converted_by_type() -> None:
    service = Service("cloudformation")
    op = service.model.operation_model("CreateStack")
    parsed = PROTOCOL.parse(service, op, form(
        "StackName=s&TimeoutInMinutes=5&DisableRollback=true&EnableTerminationProtection=false"), {})
    assert parsed == {"StackName": "s", "TimeoutInMinutes": 5, "DisableRollback": True,
                      "EnableTerminationProtection": False}


def test_a_constraint_failure_is_a_validation_error_with_aws_text() -> None:
    service = Service("sts")
    op = service.model.operation_model("AssumeRole")
    with pytest.raises(ValidationError) as err:
        PROTOCOL.parse(service, op, form("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr"
                                         "&RoleSessionName=session&DurationSeconds=10"), {})
    assert err.value.error_code == "ValidationError"
    assert err.value.message == (
        "1 validation error detected: Value '10' at 'durationSeconds' failed to satisfy "
        "constraint: Member must have value greater than or equal to 900")


def test_result_is_wrapped_and_namespaced_as_aws_writes_it() -> None:
    service = Service("sns")
    op = service.model.operation_model("CreateTopic")
    body = PROTOCOL.serialize(service, op, {"TopicArn": "arn:a<b"}, "rid").body.decode()
    assert '<CreateTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">' in body
    assert "<CreateTopicResult><TopicArn>arn:a&lt;b</TopicArn></CreateTopicResult>" in body
    assert "<ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata>" in body


class StackNotFound(ServiceError):
    code = "ValidationError"
    status = 400
    sender_fault = True


class Throttled(ServiceError):
    code = "Throttling"
    status = 503


@pytest.mark.parametrize(("error", "kind"), [
    (StackNotFound("Stack with id s does not exist"), "Sender"),
    (Throttled("Rate exceeded"), "Receiver"),
])
def test_errors_parse_in_botocore_with_code_message_and_status(error: ServiceError, kind: str) -> None:
    service = Service("cloudformation")
    response = PROTOCOL.serialize_error(service, error, "rid-9")
    assert response.status == error.status
    parsed = create_parser("query").parse(botocore_response(response), None)
    assert parsed["Error"]["Code"] == error.code
    assert parsed["Error"]["Message"] == error.message
    assert parsed["Error"]["Type"] == kind
    assert parsed["ResponseMetadata"]["RequestId"] == "rid-9"


def router() -> EdgeRouter:
    return EdgeRouter({name: Service(name) for name in [*SERVICES, "dynamodb", "lambda"]})


def test_an_unsigned_action_goes_to_the_one_query_service_that_has_it() -> None:
    target = router().route(form("Action=Publish&Version=2010-03-31&TopicArn=t&Message=m"))
    assert target is not None
    assert (target.service.name, target.operation) == ("sns", "Publish")
    target = router().route(form("Action=DescribeStacks&Version=2010-05-15"))
    assert target is not None
    assert (target.service.name, target.operation) == ("cloudformation", "DescribeStacks")


def test_the_credential_scope_picks_the_service() -> None:
    # GetTemplate is an action of both CloudFormation and SES.
    assert router().route(form("Action=GetTemplate")) is None
    for scope, name in [("cloudformation", "cloudformation"), ("ses", "ses")]:
        target = router().route(form("Action=GetTemplate", signed(scope)))
        assert target is not None
        assert (target.service.name, target.operation) == (name, "GetTemplate")


def test_a_form_post_signed_for_a_non_query_service_is_not_taken() -> None:
    request = form("Action=Publish", signed("lambda"))
    assert router().route(request) is None


def test_a_get_with_action_in_the_query_string_is_routed() -> None:
    request = Request("GET", "/", "/", "Action=GetCallerIdentity&Version=2011-06-15", {}, b"")
    target = router().route(request)
    assert target is not None
    assert (target.service.name, target.operation) == ("sts", "GetCallerIdentity")


def test_an_unknown_action_is_not_routed_unsigned() -> None:
    assert router().route(form("Action=NoSuchAction")) is None


def test_protocol_for_picks_query() -> None:
    assert isinstance(protocol_for(Service("sns")), QueryProtocol)


def test_a_handler_answers_through_the_whole_pipeline(tmp_path: Path) -> None:
    sns = Service("sns")

    @sns.operation("CreateTopic")
    def create_topic(ctx: Any, req: dict[str, Any]) -> dict[str, Any]:
        return {"TopicArn": ctx.arn("sns", req["Name"])}

    dispatcher = Dispatcher(ServerState(Config(data_dir=tmp_path), {"sns": sns}))
    op = sns.model.operation_model("CreateTopic")
    request = botocore_request("query", op, {"Name": "orders"})
    request.headers["authorization"] = signed("sns")
    response = asyncio.run(dispatcher.handle(request))
    assert response is not None
    parsed = create_parser("query").parse(botocore_response(response), op.output_shape)
    assert parsed["TopicArn"] == "arn:aws:sns:us-east-1:000000000000:orders"

    missing = botocore_request("query", op, {})
    response = asyncio.run(dispatcher.handle(missing))
    assert response is not None and response.status == 400
    error = create_parser("query").parse(botocore_response(response), None)["Error"]
    assert error["Code"] == "ValidationError"
    assert "Value null at 'name' failed to satisfy constraint" in error["Message"]
