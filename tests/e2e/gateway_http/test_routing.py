"""Stages and routes of a deployed HTTP API.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html
"""

from __future__ import annotations

from typing import Any

from tests.e2e.gateway_http.conftest import Call, auto_stage, lambda_integration, route


def test_quick_created_api_serves_every_path_on_default_route(call: Call, quick_api: str) -> None:
    answer = call(quick_api, "GET", "/any/path?x=1")

    assert answer.status == 200
    event = answer.json()
    assert event["routeKey"] == "$default"
    assert event["rawPath"] == "/any/path"
    assert answer.header("apigw-requestid") == event["requestContext"]["requestId"]


def test_unknown_api_is_404_not_found(call: Call) -> None:
    answer = call("zzzzzzzzzz", "GET", "/")

    assert answer.status == 404
    assert answer.json() == {"message": "Not Found"}


def test_no_matching_route_is_404_not_found(apigw2: Any, create_api: Any, call: Call,
                                            handler_arn: str) -> None:
    api_id = create_api()["ApiId"]
    route(apigw2, api_id, "GET /pets", lambda_integration(apigw2, api_id, handler_arn))
    auto_stage(apigw2, api_id)

    assert call(api_id, "GET", "/pets").status == 200
    missing = call(api_id, "GET", "/cats")
    assert missing.status == 404
    assert missing.json() == {"message": "Not Found"}
    assert call(api_id, "POST", "/pets").status == 404


def test_exact_route_wins_over_path_variable_over_greedy(apigw2: Any, create_api: Any,
                                                          call: Call, handler_arn: str) -> None:
    api_id = create_api()["ApiId"]
    integration = lambda_integration(apigw2, api_id, handler_arn)
    for key in ("GET /pets/dog", "GET /pets/{id}", "GET /pets/{proxy+}", "$default"):
        route(apigw2, api_id, key, integration)
    auto_stage(apigw2, api_id)

    assert call(api_id, "GET", "/pets/dog").json()["routeKey"] == "GET /pets/dog"
    variable = call(api_id, "GET", "/pets/7").json()
    assert variable["routeKey"] == "GET /pets/{id}"
    assert variable["pathParameters"] == {"id": "7"}
    greedy = call(api_id, "GET", "/pets/7/toys/1").json()
    assert greedy["routeKey"] == "GET /pets/{proxy+}"
    assert greedy["pathParameters"] == {"proxy": "7/toys/1"}
    assert call(api_id, "GET", "/elsewhere").json()["routeKey"] == "$default"


def test_explicit_method_wins_over_any(apigw2: Any, create_api: Any, call: Call,
                                       handler_arn: str) -> None:
    api_id = create_api()["ApiId"]
    integration = lambda_integration(apigw2, api_id, handler_arn)
    route(apigw2, api_id, "ANY /items", integration)
    route(apigw2, api_id, "POST /items", integration)
    auto_stage(apigw2, api_id)

    assert call(api_id, "POST", "/items").json()["routeKey"] == "POST /items"
    assert call(api_id, "DELETE", "/items").json()["routeKey"] == "ANY /items"


def test_named_stage_is_first_path_segment_and_stays_in_raw_path(
        apigw2: Any, create_api: Any, call: Call, handler_arn: str) -> None:
    api_id = create_api()["ApiId"]
    route(apigw2, api_id, "GET /hello", lambda_integration(apigw2, api_id, handler_arn))
    auto_stage(apigw2, api_id, "prod", StageVariables={"color": "blue"})

    by_host = call(api_id, "GET", "/prod/hello")
    by_path = call(api_id, "GET", "/hello", stage="prod")

    for answer in (by_host, by_path):
        assert answer.status == 200
        event = answer.json()
        assert event["rawPath"] == "/prod/hello"
        assert event["requestContext"]["stage"] == "prod"
        assert event["stageVariables"] == {"color": "blue"}
    assert call(api_id, "GET", "/hello").status == 404  # no $default stage


def test_stage_without_deployment_is_404(apigw2: Any, create_api: Any, call: Call,
                                         handler_arn: str) -> None:
    api_id = create_api()["ApiId"]
    route(apigw2, api_id, "GET /x", lambda_integration(apigw2, api_id, handler_arn))
    apigw2.create_stage(ApiId=api_id, StageName="$default")

    answer = call(api_id, "GET", "/x")

    assert answer.status == 404
    assert answer.json() == {"message": "Not Found"}


def test_changes_are_served_only_after_a_deployment(apigw2: Any, create_api: Any, call: Call,
                                                    handler_arn: str) -> None:
    api_id = create_api()["ApiId"]
    integration = lambda_integration(apigw2, api_id, handler_arn)
    route(apigw2, api_id, "GET /one", integration)
    apigw2.create_stage(ApiId=api_id, StageName="$default")
    apigw2.create_deployment(ApiId=api_id, StageName="$default")
    route(apigw2, api_id, "GET /two", integration)

    assert call(api_id, "GET", "/one").status == 200
    assert call(api_id, "GET", "/two").status == 404
    apigw2.create_deployment(ApiId=api_id, StageName="$default")
    assert call(api_id, "GET", "/two").status == 200


def test_path_form_names_the_default_stage(call: Call, quick_api: str) -> None:
    answer = call(quick_api, "GET", "/via/path", stage="$default")

    assert answer.status == 200
    assert answer.json()["rawPath"] == "/via/path"


def test_disabled_default_endpoint_is_403_forbidden(apigw2: Any, call: Call,
                                                    quick_api: str) -> None:
    apigw2.update_api(ApiId=quick_api, DisableExecuteApiEndpoint=True)

    answer = call(quick_api, "GET", "/")

    assert answer.status == 403
    assert answer.json() == {"message": "Forbidden"}


def test_iam_authorization_is_not_supported(apigw2: Any, create_api: Any, call: Call,
                                            handler_arn: str) -> None:
    api_id = create_api()["ApiId"]
    route(apigw2, api_id, "GET /iam", lambda_integration(apigw2, api_id, handler_arn),
          AuthorizationType="AWS_IAM")
    auto_stage(apigw2, api_id)

    answer = call(api_id, "GET", "/iam")

    assert answer.status == 501
    assert answer.json()["message"].startswith("not supported: ")


def test_body_over_10_mb_is_413(call: Call, quick_api: str) -> None:
    answer = call(quick_api, "POST", "/", body=b"x" * (10 * 1024 * 1024 + 1))

    assert answer.status == 413
    assert answer.json() == {"message": "Request Entity Too Large"}
