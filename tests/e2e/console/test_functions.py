"""The console's Functions pages in a real browser: the list, a function's tabs (code,
configuration, versions and aliases, triggers, destinations, monitor, logs), saved test
events (private and shareable, as the AWS console keeps them) and the Test button."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from cloudlet.console.functions_invoke import parse_report
from cloudlet.console.functions_test_events import NAME_RULE
from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.auth.conftest import client, create_accounts
from tests.e2e.console.browser import shot, wait_for, wait_text
from tests.e2e.lambda_.conftest import ROLE, make_zip
from tests.server import RunningServer, serving

SOURCE = """
    import json

    def handler(event, context):
        print("console-test saw", json.dumps(event))
        if event.get("fail"):
            raise ValueError("asked to fail")
        return {"echo": event, "memory": context.memory_limit_in_mb}
"""


def _function(lam: Any, name: str, **extra: Any) -> str:
    lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE,
                        Handler="app.handler", MemorySize=256, Timeout=7,
                        Environment={"Variables": {"GREETING": "hello"}},
                        Code={"ZipFile": make_zip({"app.py": SOURCE, "data/notes.txt": "a note"})},
                        **extra)
    function_ready(lam, name)
    return name


@pytest.fixture
def function(server: RunningServer) -> Iterator[str]:
    lam = make_client(server, "lambda")
    name = _function(lam, "console-fn-" + uuid.uuid4().hex[:8])
    yield name
    lam.delete_function(FunctionName=name)


def console_url(server: RunningServer, path: str) -> str:
    return f"{server.url}/_cloudlet/console{path}"


def click_and_load(driver: WebDriver, element_id: str) -> None:
    """Click a button or link that loads a new page, and wait until the old one is gone."""
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.ID, element_id).click()
    WebDriverWait(driver, 10).until(expected_conditions.staleness_of(old))


def save_event(driver: WebDriver, name: str, event: Any, shareable: bool = False) -> None:
    click_and_load(driver, "new-event")
    wait_for(driver, "#event-name")
    driver.find_element(By.ID, "event-name").send_keys(name)
    driver.find_element(By.ID, "shareable" if shareable else "private").click()
    box = driver.find_element(By.ID, "event")
    box.clear()
    box.send_keys(json.dumps(event))
    click_and_load(driver, "save-event")
    wait_text(driver, ".notice", f"Saved the test event {name}")


def saved_names(driver: WebDriver) -> list[tuple[str, str]]:
    return [(li.get_attribute("data-event") or "", li.get_attribute("data-shareable") or "")
            for li in driver.find_elements(By.CSS_SELECTOR, "#saved-events li[data-event]")]


def test_list_shows_runtime_memory_last_invocation_and_links_to_the_function(
        server: RunningServer, console: WebDriver, function: str) -> None:
    make_client(server, "lambda").invoke(FunctionName=function, Payload=b'{"fail": true}')
    console.get(console_url(server, "/functions"))
    row = wait_for(console, f'tr[data-function="{function}"]')
    assert "python3.12" in row.text and "256" in row.text
    if console.find_elements(By.CSS_SELECTOR, "th.metrics"):  # CloudWatch is served
        def shown(driver: WebDriver) -> bool:
            driver.refresh()
            found = driver.find_element(By.CSS_SELECTOR, f'tr[data-function="{function}"]')
            return found.find_element(By.CSS_SELECTOR, ".error-rate").text == "100.0%"
        WebDriverWait(console, 10, poll_frequency=0.5).until(shown)
        row = console.find_element(By.CSS_SELECTOR, f'tr[data-function="{function}"]')
        assert row.find_element(By.CSS_SELECTOR, ".last-invocation").text.endswith(" UTC")
    shot(console, "functions-list")
    row.find_element(By.LINK_TEXT, function).click()
    wait_for(console, "#function-summary")
    assert function in console.find_element(By.TAG_NAME, "h1").text


def test_test_event_saved_edited_tested_and_deleted(
        server: RunningServer, console: WebDriver, function: str) -> None:
    console.get(console_url(server, f"/functions/{function}"))
    wait_for(console, "#event-form")
    save_event(console, "hello-event", {"who": "Ada"})
    assert ("hello-event", "0") in saved_names(console)
    assert "event=hello-event" in console.current_url  # the chosen event is in the URL
    console.refresh()
    assert json.loads(console.find_element(By.ID, "event").get_attribute("value") or "") == {
        "who": "Ada"}

    console.find_element(By.ID, "test-button").click()
    wait_text(console, "#test-status", "succeeded", timeout=30)
    payload = json.loads(console.find_element(By.ID, "test-payload").text)
    assert payload == {"echo": {"who": "Ada"}, "memory": "256"}
    assert 'console-test saw {"who": "Ada"}' in console.find_element(By.ID, "test-log").text
    assert console.find_element(By.ID, "test-duration").text.endswith(" ms")
    assert console.find_element(By.ID, "test-billed").text.endswith(" ms")
    assert console.find_element(By.ID, "test-memory").text.endswith(" MB")
    shot(console, "functions-test-succeeded")

    # edit: the same name saved again replaces the event; a failing event shows the error
    box = console.find_element(By.ID, "event")
    box.clear()
    box.send_keys('{"fail": true}')
    click_and_load(console, "save-event")
    wait_text(console, ".notice", "Saved the test event hello-event")
    assert saved_names(console).count(("hello-event", "0")) == 1
    console.find_element(By.ID, "test-button").click()
    wait_text(console, "#test-status", "failed (Unhandled)", timeout=30)
    assert console.find_element(By.ID, "test-error-type").text == "ValueError"
    assert console.find_element(By.ID, "test-error-message").text == "asked to fail"
    shot(console, "functions-test-failed")

    click_and_load(console, "delete-event")
    wait_text(console, ".notice", "Deleted the test event hello-event")
    assert ("hello-event", "0") not in saved_names(console)


def test_an_invalid_event_name_or_json_is_refused_with_the_reason(
        server: RunningServer, console: WebDriver, function: str) -> None:
    console.get(console_url(server, f"/functions/{function}?tab=test"))
    wait_for(console, "#event-form")
    console.find_element(By.ID, "event-name").send_keys("no spaces allowed")
    click_and_load(console, "save-event")
    assert wait_for(console, "#event-error").text == NAME_RULE
    console.find_element(By.ID, "event-name").clear()
    console.find_element(By.ID, "event-name").send_keys("bad-json")
    box = console.find_element(By.ID, "event")
    box.clear()
    box.send_keys("{not json")
    click_and_load(console, "save-event")
    assert "The event is not valid JSON" in wait_for(console, "#event-error").text
    assert saved_names(console) == []


def test_code_tab_lists_the_package_and_shows_a_file(
        server: RunningServer, console: WebDriver, function: str) -> None:
    console.get(console_url(server, f"/functions/{function}?tab=code"))
    files = wait_for(console, "#code-files").text
    assert "app.py" in files and "data/notes.txt" in files
    assert 'print("console-test saw"' in console.find_element(By.ID, "code-text").text
    console.find_element(By.LINK_TEXT, "data/notes.txt").click()
    wait_text(console, "#code-text", "a note")
    assert "file=data%2Fnotes.txt" in console.current_url
    shot(console, "functions-code")


def test_configuration_versions_triggers_and_destinations_tabs(
        server: RunningServer, console: WebDriver, function: str) -> None:
    lam = make_client(server, "lambda")
    version = lam.publish_version(FunctionName=function)["Version"]
    lam.create_alias(FunctionName=function, Name="live", FunctionVersion=version)
    lam.add_permission(FunctionName=function, StatementId="from-sns", Action="lambda:InvokeFunction",
                       Principal="sns.amazonaws.com")
    queue = make_client(server, "sqs").create_queue(QueueName=f"{function}-q")["QueueUrl"]
    queue_arn = make_client(server, "sqs").get_queue_attributes(
        QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    lam.put_function_event_invoke_config(
        FunctionName=function, MaximumRetryAttempts=1,
        DestinationConfig={"OnFailure": {"Destination": queue_arn}})
    try:
        console.get(console_url(server, f"/functions/{function}?tab=configuration"))
        facts = wait_for(console, "#configuration").text
        assert "app.handler" in facts and "256 MB" in facts and "7 s" in facts and ROLE in facts
        assert "GREETING" in console.find_element(By.ID, "environment").text
        console.find_element(By.ID, "tab-versions").click()
        assert "live" in wait_for(console, "#aliases").text
        assert version in console.find_element(By.ID, "versions").text
        console.find_element(By.ID, "tab-triggers").click()
        permissions = wait_for(console, "#permissions").text
        assert "from-sns" in permissions and "sns.amazonaws.com" in permissions
        console.find_element(By.ID, "tab-destinations").click()
        assert wait_for(console, "#on-failure").text == queue_arn
        shot(console, "functions-destinations")
    finally:
        make_client(server, "sqs").delete_queue(QueueUrl=queue)


def test_logs_tab_shows_the_latest_events_live(
        server: RunningServer, console: WebDriver, function: str) -> None:
    console.get(console_url(server, f"/functions/{function}?tab=logs"))
    wait_for(console, "#live-logs")
    marker = uuid.uuid4().hex
    make_client(server, "lambda").invoke(FunctionName=function,
                                         Payload=json.dumps({"marker": marker}))
    wait_text(console, "#live-logs", marker, timeout=15)  # the 2 s refresh brought it
    shot(console, "functions-logs")


def test_monitor_tab_draws_charts_or_says_metrics_are_unavailable(
        server: RunningServer, console: WebDriver, function: str) -> None:
    make_client(server, "lambda").invoke(FunctionName=function, Payload=b"{}")
    console.get(console_url(server, f"/functions/{function}?tab=monitor"))
    wait_for(console, "#charts, #no-metrics")
    if console.find_elements(By.ID, "no-metrics"):
        return
    titles = [f.get_attribute("data-chart") for f in console.find_elements(
        By.CSS_SELECTOR, "figure.chart")]
    assert titles == ["Invocations", "Errors", "Throttles", "Duration (ms)",
                      "Concurrent executions", "Cold starts"]

    def invocations(driver: WebDriver) -> float:
        driver.refresh()
        chart = driver.find_element(By.CSS_SELECTOR, 'figure[data-chart="Invocations"]')
        return float(chart.get_attribute("data-total") or 0)
    WebDriverWait(console, 10, poll_frequency=0.5).until(lambda d: invocations(d) >= 1)
    cold = console.find_element(By.CSS_SELECTOR, 'figure[data-chart="Cold starts"]')
    assert float(cold.get_attribute("data-total") or 0) >= 1  # the first invoke was a cold start
    shot(console, "functions-monitor")


def test_an_unknown_function_shows_the_apis_error(
        server: RunningServer, console: WebDriver) -> None:
    console.get(console_url(server, "/functions/no-such-function-here"))
    assert "ResourceNotFoundException" in wait_for(console, ".error").text


# --- private and shareable test events -----------------------------------------------------


def test_parse_report_reads_the_figures() -> None:
    report = parse_report("START RequestId: r1\nREPORT RequestId: r1\tDuration: 1.50 ms\t"
                          "Billed Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB"
                          "\tInit Duration: 90.10 ms\t\n")
    assert report is not None
    assert (report.request_id, report.duration, report.billed, report.memory,
            report.max_memory, report.init) == ("r1", "1.50 ms", "2 ms", "128 MB", "40 MB",
                                                "90.10 ms")
    assert parse_report("no report") is None


@pytest.fixture(scope="module")
def auth_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    yield from serving(tmp_path_factory, "console-functions-auth", "--auth", "on")


def sign_in(driver: WebDriver, server: RunningServer, key: dict[str, str], path: str) -> None:
    driver.delete_all_cookies()
    driver.get(console_url(server, f"/signin?next={path}"))
    wait_for(driver, "#access_key").send_keys(key["access_key_id"])
    driver.find_element(By.ID, "secret").send_keys(key["secret_access_key"])
    driver.find_element(By.ID, "sign-in").click()


def test_a_shareable_event_is_seen_by_another_user_and_a_private_one_is_not(
        auth_server: RunningServer, console: WebDriver) -> None:
    (root,) = create_accounts(auth_server.data_dir, "console-fn")
    iam = client(auth_server, "iam", root)
    users = []
    for user in ("ada", "bob"):
        iam.create_user(UserName=user)
        iam.put_user_policy(UserName=user, PolicyName="lambda", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "lambda:*", "Resource": "*"}]}))
        key = iam.create_access_key(UserName=user)["AccessKey"]
        users.append({"access_key_id": key["AccessKeyId"],
                      "secret_access_key": key["SecretAccessKey"]})
    lam = client(auth_server, "lambda", root)
    name = _function(lam, "shared-events")
    path = f"/functions/{name}"

    sign_in(console, auth_server, users[0], path)
    wait_for(console, "#event-form")
    save_event(console, "ada-private", {"p": 1})
    save_event(console, "ada-shared", {"s": 1}, shareable=True)
    assert saved_names(console) == [("ada-private", "0"), ("ada-shared", "1")]

    sign_in(console, auth_server, users[1], path)
    wait_for(console, "#event-form")
    assert saved_names(console) == [("ada-shared", "1")]
    console.find_element(By.LINK_TEXT, "ada-shared").click()
    wait_for(console, "#delete-event")
    assert json.loads(console.find_element(By.ID, "event").get_attribute("value") or "") == {
        "s": 1}
    shot(console, "functions-shared-event")
