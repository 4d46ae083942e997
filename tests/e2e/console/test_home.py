"""The console's home page and its account/region switcher, in a real browser (--auth off),
and the sign-in an --auth on server asks for."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.auth.conftest import create_accounts
from tests.e2e.console.browser import shot, wait_for
from tests.e2e.lambda_.conftest import python_zip
from tests.server import RunningServer, send_raw, serving


def count(driver: WebDriver, service: str) -> str:
    text: str = driver.find_element(
        By.CSS_SELECTOR, f'.card[data-service="{service}"] .count').text
    return text


def test_home_counts_the_viewers_resources_per_account_and_region(
        server: RunningServer, console: WebDriver) -> None:
    account = "2" + uuid.uuid4().int.__str__()[:11]  # a fresh account of its own
    ddb = make_client(server, "dynamodb", region="eu-west-1", access_key=account)
    for name in ("home-a", "home-b"):
        ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
    make_client(server, "sqs", region="eu-west-1", access_key=account).create_queue(QueueName="home-q")

    console.get(f"{server.url}/_cloudlet/console/")
    wait_for(console, "#services")
    assert "cloudlet console" in console.title
    # the switcher: another account and region, kept in the URL and for the next page
    box = console.find_element(By.ID, "account")
    box.clear()
    box.send_keys(account)
    region = console.find_element(By.ID, "region")
    region.clear()
    region.send_keys("eu-west-1")
    console.find_element(By.CSS_SELECTOR, ".switcher button").click()
    wait_for(console, "#services")
    assert f"account={account}" in console.current_url
    assert count(console, "dynamodb") == "2"
    assert count(console, "sqs") == "1"
    shot(console, "home")
    console.get(f"{server.url}/_cloudlet/console/")  # no query: the cookies keep the choice
    assert count(console, "dynamodb") == "2"
    console.get(f"{server.url}/_cloudlet/console/?region=us-west-2")
    assert count(console, "dynamodb") == "0"


def test_the_console_host_and_unknown_pages(server: RunningServer) -> None:
    port = server.url.rsplit(":", 1)[1]
    status, body = send_raw(server, "/", b"", {"Host": f"console.localhost:{port}"}, method="GET")
    assert status == 200 and b'id="services"' in body
    status, body = send_raw(server, "/_cloudlet/console/no/such/page", b"", {}, method="GET")
    assert status == 404 and b"There is no console page at /no/such/page." in body
    status, _ = send_raw(server, "/_cloudlet/console/static/../../x", b"", {}, method="GET")
    assert status == 404


@pytest.fixture(scope="module")
def auth_console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    yield from serving(tmp_path_factory, "console-auth", "--auth", "on")


def test_auth_on_asks_for_a_key_pair_and_shows_only_its_account(
        auth_console: RunningServer, console: WebDriver) -> None:
    mine, other = create_accounts(auth_console.data_dir, "console", "--count", "2")
    console.get(f"{auth_console.url}/_cloudlet/console/")
    wait_for(console, "#access_key")
    assert "/signin" in console.current_url
    console.find_element(By.ID, "access_key").send_keys(mine["access_key_id"])
    console.find_element(By.ID, "secret").send_keys("wrong")
    console.find_element(By.ID, "sign-in").click()
    assert "not valid" in wait_for(console, ".error").text
    console.find_element(By.ID, "access_key").send_keys(mine["access_key_id"])
    console.find_element(By.ID, "secret").send_keys(mine["secret_access_key"])
    console.find_element(By.ID, "sign-in").click()
    wait_for(console, "#services")
    assert console.find_element(By.ID, "account").text == mine["account_id"]
    assert other["account_id"] not in console.page_source
    shot(console, "home-signed-in")
    console.find_element(By.LINK_TEXT, "Sign out").click()
    wait_for(console, "#access_key")
    console.get(f"{auth_console.url}/_cloudlet/console/")
    assert "/signin" in console.current_url


FAILING = """
def handler(event, context):
    raise ValueError("boom")
"""


def test_home_shows_failing_functions_dead_letters_and_the_cost(
        server: RunningServer, console: WebDriver) -> None:
    account = "3" + uuid.uuid4().int.__str__()[:11]
    lam = make_client(server, "lambda", access_key=account)
    lam.create_function(FunctionName="home-fails", Runtime="python3.12", Role=f"arn:aws:iam::{account}:role/lambda-role",
                        Handler="app.handler", Code={"ZipFile": python_zip(FAILING)},
                        MemorySize=256)
    function_ready(lam, "home-fails")
    for _ in range(3):
        assert lam.invoke(FunctionName="home-fails")["FunctionError"] == "Unhandled"
    sqs = make_client(server, "sqs", access_key=account)
    dlq = sqs.create_queue(QueueName="home-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    sqs.create_queue(QueueName="home-work", Attributes={"RedrivePolicy": json.dumps(
        {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 1})})
    sqs.send_message(QueueUrl=dlq, MessageBody="dead")

    console.get(f"{server.url}/_cloudlet/console/?account={account}")
    troubles = wait_for(console, "#troubles table")
    assert "home-fails" in troubles.text
    row = troubles.find_element(By.XPATH, ".//tr[td/a[text()='home-fails']]")
    assert [c.text for c in row.find_elements(By.TAG_NAME, "td")][1:] == ["3", "0", "3"]
    dead = console.find_element(By.ID, "dead-letters").text
    assert "home-dlq" in dead and "home-work" in dead
    assert console.find_element(By.ID, "cost-hour").text.startswith("$")
    assert "Lambda" in console.find_element(By.ID, "cost").text
    assert "home-fails" in console.find_element(By.ID, "cost").text
    shot(console, "home-health")
