"""APIs in the console (Chromium): REST and HTTP APIs in one list, a REST API's resource
tree with its methods' integrations, stages with invoke URLs, try-it (TestInvokeMethod)
calling a Lambda proxy route with the event the function got and the execution log; an
HTTP API's routes and try-it through its stage, with the event."""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from tests.conftest import make_client
from tests.e2e.apigateway_support import create_function, lambda_uri
from tests.e2e.console.browser import shot, wait_for, wait_text
from tests.server import RunningServer

ECHO = '''import json
def handler(event, context):
    body = {"path": event.get("path") or event.get("rawPath"), "body": event.get("body"),
            "method": event.get("httpMethod") or event["requestContext"]["http"]["method"],
            "header": {k.lower(): v for k, v in (event.get("headers") or {}).items()}.get("x-probe")}
    return {"statusCode": 201, "headers": {"x-echo": "yes"}, "body": json.dumps(body)}
'''


@pytest.fixture(scope="module")
def echo(server: RunningServer) -> Iterator[str]:
    client = make_client(server, "lambda")
    name, arn = create_function(client, ECHO, "console-echo-")
    yield arn
    with contextlib.suppress(Exception):
        client.delete_function(FunctionName=name)


@pytest.fixture
def rest_api(server: RunningServer, echo: str) -> Iterator[dict[str, str]]:
    apigw = make_client(server, "apigateway")
    api = apigw.create_rest_api(name="console-rest-" + uuid.uuid4().hex[:8])
    items = apigw.create_resource(restApiId=api["id"], parentId=api["rootResourceId"],
                                  pathPart="items")["id"]
    one = apigw.create_resource(restApiId=api["id"], parentId=items, pathPart="{id}")["id"]
    for resource, verb in ((items, "GET"), (items, "POST"), (one, "DELETE")):
        apigw.put_method(restApiId=api["id"], resourceId=resource, httpMethod=verb,
                         authorizationType="NONE")
        apigw.put_integration(restApiId=api["id"], resourceId=resource, httpMethod=verb,
                              type="AWS_PROXY", integrationHttpMethod="POST", uri=lambda_uri(echo))
    apigw.create_deployment(restApiId=api["id"], stageName="dev")
    yield {"id": api["id"], "name": api["name"], "items": items}
    apigw.delete_rest_api(restApiId=api["id"])


@pytest.fixture
def http_api(server: RunningServer, echo: str) -> Iterator[dict[str, str]]:
    apigw2 = make_client(server, "apigatewayv2")
    api = apigw2.create_api(Name="console-http-" + uuid.uuid4().hex[:8], ProtocolType="HTTP")
    integration = apigw2.create_integration(ApiId=api["ApiId"], IntegrationType="AWS_PROXY",
                                            IntegrationUri=echo, PayloadFormatVersion="2.0")
    for key in ("GET /hello", "POST /things/{id}"):
        apigw2.create_route(ApiId=api["ApiId"], RouteKey=key,
                            Target=f"integrations/{integration['IntegrationId']}")
    apigw2.create_stage(ApiId=api["ApiId"], StageName="$default", AutoDeploy=True)
    yield {"id": api["ApiId"], "name": api["Name"], "endpoint": api["ApiEndpoint"]}
    apigw2.delete_api(ApiId=api["ApiId"])


def rows(driver: WebDriver, css: str) -> list[str]:
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, css)]


def test_a_rest_apis_resource_tree_and_try_it_calling_a_lambda_proxy_route(
        server: RunningServer, console: WebDriver, rest_api: dict[str, str],
        http_api: dict[str, str]) -> None:
    console.get(f"{server.url}/_cloudlet/console/apis")
    wait_for(console, "#apis")
    kinds = {r.get_attribute("data-api"): r.find_element(By.CSS_SELECTOR, ".api-type").text
             for r in console.find_elements(By.CSS_SELECTOR, "#apis tbody tr[data-api]")}
    assert kinds[rest_api["id"]] == "REST" and kinds[http_api["id"]] == "HTTP"
    console.find_element(By.LINK_TEXT, rest_api["name"]).click()
    wait_for(console, "#resources")
    paths = [e.get_attribute("data-path") for e in console.find_elements(By.CSS_SELECTOR, "li.resource")]
    assert paths == ["/", "/items", "/items/{id}"]
    items = console.find_element(By.CSS_SELECTOR, 'li.resource[data-path="/items"]')
    assert [m.get_attribute("data-verb") for m in items.find_elements(By.CSS_SELECTOR, "li.method")] == ["GET", "POST"]
    assert "AWS_PROXY" in items.text
    # a method's integration (GetIntegration, htmx)
    items.find_element(By.CSS_SELECTOR, 'li.method[data-verb="POST"] a.verb').click()
    wait_text(console, "#integration-type", "AWS_PROXY")
    assert "/invocations" in console.find_element(By.ID, "integration-uri").text
    url = console.find_element(By.CSS_SELECTOR, '#stages tr[data-stage="dev"] .invoke-url').text
    assert url == f"http://{rest_api['id']}.execute-api.localhost:{server.url.rsplit(':', 1)[1]}/dev"

    # try it: the POST's Try link fills the form; the function answers through the gateway
    items.find_element(By.CSS_SELECTOR, 'li.method[data-verb="POST"] a.try-link').click()
    wait_for(console, "#try-form")
    assert Select(console.find_element(By.ID, "try-method")).first_selected_option.text == "POST"
    assert console.find_element(By.ID, "try-path").get_attribute("value") == "/items"
    console.find_element(By.ID, "try-headers").send_keys("x-probe: hello")
    console.find_element(By.ID, "try-body").send_keys('{"name": "x"}')
    console.find_element(By.ID, "try-send").click()
    wait_text(console, "#try-status", "201", timeout=30)
    answer = json.loads(console.find_element(By.ID, "try-response-body").text)
    assert answer == {"path": "/items", "method": "POST", "body": '{"name": "x"}', "header": "hello"}
    assert "x-echo" in console.find_element(By.ID, "try-response-headers").text
    assert console.find_element(By.ID, "try-url").text == "POST /items"
    assert "TestInvokeMethod" in console.find_element(By.ID, "try-note").text
    event = json.loads(console.find_element(By.ID, "try-event").text)
    assert event["path"] == "/items" and event["body"] == '{"name": "x"}'
    assert event["headers"] == {"x-probe": "hello"}
    assert event["requestContext"]["stage"] == "test-invoke-stage"
    log_text = console.find_element(By.ID, "try-log").get_attribute("textContent") or ""
    assert "Endpoint request body after transformations" in log_text
    # a path parameter: the resource /items/{id} is found from the typed path
    Select(console.find_element(By.ID, "try-method")).select_by_visible_text("DELETE")
    path = console.find_element(By.ID, "try-path")
    path.clear()
    path.send_keys("/items/7")
    console.find_element(By.ID, "try-send").click()
    wait_text(console, "#try-url", "DELETE /items/7", timeout=30)
    assert json.loads(console.find_element(By.ID, "try-event").text)["pathParameters"] == {"id": "7"}
    # no method answers it: said so, nothing sent
    path = console.find_element(By.ID, "try-path")
    path.clear()
    path.send_keys("/nope")
    console.find_element(By.ID, "try-send").click()
    assert "No method of this API answers DELETE /nope" in wait_for(console, "#try-error").text
    path = console.find_element(By.ID, "try-path")
    path.clear()
    path.send_keys("/items")
    Select(console.find_element(By.ID, "try-method")).select_by_visible_text("POST")
    console.find_element(By.ID, "try-send").click()
    wait_text(console, "#try-status", "201", timeout=30)
    console.execute_script("document.getElementById('try-result').scrollIntoView()")
    shot(console, "apis-rest")
    console.find_element(By.CSS_SELECTOR, ".try-log summary").click()
    assert "Method completed with status: 201" in wait_for(console, "#try-log").text
    console.execute_script("document.getElementById('try-log').scrollIntoView()")
    shot(console, "apis-rest-log")


def test_an_http_apis_routes_stages_and_try_it(
        server: RunningServer, console: WebDriver, http_api: dict[str, str]) -> None:
    console.get(f"{server.url}/_cloudlet/console/apis/http/{http_api['id']}")
    wait_for(console, "#routes")
    routes = [r.get_attribute("data-route") for r in console.find_elements(By.CSS_SELECTOR, "#routes tr.route")]
    assert routes == ["GET /hello", "POST /things/{id}"]
    assert "AWS_PROXY" in console.find_element(By.ID, "routes").text
    assert "2.0" in console.find_element(By.ID, "integrations").text
    url = console.find_element(By.CSS_SELECTOR, '#stages tr[data-stage="$default"] .invoke-url').text
    assert url == http_api["endpoint"]
    console.find_element(By.CSS_SELECTOR, '#routes tr[data-route="GET /hello"] a.try-link').click()
    wait_for(console, "#try-form")
    console.find_element(By.ID, "try-send").click()
    wait_text(console, "#try-status", "201", timeout=30)
    assert json.loads(console.find_element(By.ID, "try-response-body").text)["path"] == "/hello"
    assert json.loads(console.find_element(By.ID, "try-event").text)["rawPath"] == "/hello"
    # a POST with a body and a path parameter: the event the function got
    Select(console.find_element(By.ID, "try-method")).select_by_visible_text("POST")
    path = console.find_element(By.ID, "try-path")
    path.clear()
    path.send_keys("/things/9?x=1")
    console.find_element(By.ID, "try-headers").send_keys("Content-Type: text/plain")
    console.find_element(By.ID, "try-body").send_keys("hello body")
    console.find_element(By.ID, "try-send").click()
    wait_text(console, "#try-url", "/things/9", timeout=30)
    event = json.loads(console.find_element(By.ID, "try-event").text)
    assert event["rawPath"] == "/things/9" and event["rawQueryString"] == "x=1"
    assert event["body"] == "hello body" and event["pathParameters"] == {"id": "9"}
    assert event["routeKey"] == "POST /things/{id}"
    console.execute_script("document.getElementById('try-result').scrollIntoView()")
    shot(console, "apis-http-event")
    Select(console.find_element(By.ID, "try-method")).select_by_visible_text("GET")
    # a route the API does not have: the gateway's own answer
    path = console.find_element(By.ID, "try-path")
    path.clear()
    path.send_keys("/nope")
    console.find_element(By.ID, "try-send").click()
    wait_text(console, "#try-status", "404", timeout=30)
    assert "Not Found" in console.find_element(By.ID, "try-response-body").text
    assert console.find_element(By.ID, "try-event-none").is_displayed()
    shot(console, "apis-http")


def test_an_unknown_api_shows_the_apis_error(server: RunningServer, console: WebDriver) -> None:
    console.get(f"{server.url}/_cloudlet/console/apis/rest/nosuchapi1")
    assert "NotFoundException" in wait_for(console, ".error").text
    console.get(f"{server.url}/_cloudlet/console/apis/http/nosuchapi1")
    assert "NotFoundException" in wait_for(console, ".error").text
