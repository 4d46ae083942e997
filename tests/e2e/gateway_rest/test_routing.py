"""Which resource and method a request reaches.
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html#api-gateway-proxy-resource
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.gateway_rest.conftest import call, lambda_uri
from tests.server import RunningServer


@pytest.fixture
def api(new_api: Any, function_arn: str) -> Any:
    api = new_api()
    uri = lambda_uri(function_arn)
    for path, verb in [("/", "GET"), ("/pets", "GET"), ("/pets/{id}", "GET"),
                       ("/pets/mine", "GET"), ("/pets/{id}/toys", "GET"),
                       ("/files/{proxy+}", "ANY"), ("/{any+}", "POST"), ("/Case", "GET")]:
        api.method(path, verb, uri)
    api.deploy("test")
    return api


def resource_of(server: RunningServer, api: Any, path: str, verb: str = "GET") -> Any:
    reply = call(server, api.id, "test", path, verb)
    assert reply.status == 200, reply.body
    return reply.json()


def test_literal_segment_wins_over_path_parameter(server: RunningServer, api: Any) -> None:
    event = resource_of(server, api, "/pets/mine")
    assert event["resource"] == "/pets/mine"
    assert event["pathParameters"] is None


def test_path_parameter_takes_one_segment(server: RunningServer, api: Any) -> None:
    event = resource_of(server, api, "/pets/42")
    assert event["resource"] == "/pets/{id}"
    assert event["pathParameters"] == {"id": "42"}


def test_literal_branch_that_cannot_match_falls_back_to_parameter(
        server: RunningServer, api: Any) -> None:
    event = resource_of(server, api, "/pets/mine/toys")
    assert event["resource"] == "/pets/{id}/toys"
    assert event["pathParameters"] == {"id": "mine"}


def test_greedy_parameter_takes_the_rest_of_the_path(server: RunningServer, api: Any) -> None:
    event = resource_of(server, api, "/files/a/b/c.txt", "DELETE")
    assert event["resource"] == "/files/{proxy+}"
    assert event["pathParameters"] == {"proxy": "a/b/c.txt"}
    assert event["httpMethod"] == "DELETE"


def test_greedy_parameter_does_not_match_its_parent(server: RunningServer, api: Any) -> None:
    reply = call(server, api.id, "test", "/files", "GET")
    assert reply.status == 403
    assert reply.json() == {"message": "Missing Authentication Token"}


def test_greedy_parameter_of_any_name_at_the_root(server: RunningServer, api: Any) -> None:
    event = resource_of(server, api, "/x/y", "POST")
    assert event["resource"] == "/{any+}"
    assert event["pathParameters"] == {"any": "x/y"}


def test_unknown_path_is_missing_authentication_token(server: RunningServer, api: Any) -> None:
    reply = call(server, api.id, "test", "/nothing/here")
    assert reply.status == 403
    assert reply.json() == {"message": "Missing Authentication Token"}
    assert reply.header("x-amzn-ErrorType") == "MissingAuthenticationTokenException"


def test_method_not_defined_is_missing_authentication_token(
        server: RunningServer, api: Any) -> None:
    reply = call(server, api.id, "test", "/pets", "PUT")
    assert reply.status == 403
    assert reply.json() == {"message": "Missing Authentication Token"}


def test_head_is_not_served_by_get(server: RunningServer, api: Any) -> None:
    reply = call(server, api.id, "test", "/pets", "HEAD")
    assert reply.status == 403


def test_any_method_serves_every_verb(server: RunningServer, api: Any) -> None:
    for verb in ("GET", "PUT", "PATCH", "OPTIONS"):
        assert resource_of(server, api, "/files/x", verb)["httpMethod"] == verb


def test_root_resource_is_served(server: RunningServer, api: Any) -> None:
    assert resource_of(server, api, "/")["resource"] == "/"


def test_path_segments_are_percent_decoded(server: RunningServer, api: Any) -> None:
    event = resource_of(server, api, "/pets/a%20b%2Fc")
    assert event["resource"] == "/pets/{id}"
    assert event["pathParameters"] == {"id": "a b/c"}


def test_trailing_slash_reaches_the_resource_and_stays_in_the_path(
        server: RunningServer, api: Any) -> None:
    event = resource_of(server, api, "/pets/")
    assert event["resource"] == "/pets"
    assert event["path"] == "/pets/"


def test_paths_are_case_sensitive(server: RunningServer, api: Any) -> None:
    assert resource_of(server, api, "/Case")["resource"] == "/Case"
    assert call(server, api.id, "test", "/case").status == 403


def test_path_form_reaches_the_same_resource(server: RunningServer, api: Any) -> None:
    reply = call(server, api.id, "test", "/pets/7", form="path")
    assert reply.status == 200
    assert reply.json()["pathParameters"] == {"id": "7"}
