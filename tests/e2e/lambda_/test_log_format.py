"""LoggingConfig: JSON log format, log-level filtering and the log group.
https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html
https://docs.aws.amazon.com/lambda/latest/dg/python-logging.html
https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cloudlet.testing import function_ready
from tests.e2e.lambda_.conftest import CreateFn, invoke_json, make_zip, wait_for

LOGGING = """
    import logging, os

    logger = logging.getLogger("orders")

    def handler(event, context):
        logger.debug("a detail")
        logger.info("order placed", extra={"order": 7})
        logger.warning("stock low")
        print("plain print")
        return {"format": os.environ.get("AWS_LAMBDA_LOG_FORMAT"),
                "level": os.environ.get("AWS_LAMBDA_LOG_LEVEL")}
"""

FAILING = """
    def handler(event, context):
        raise ValueError("bad order")
"""

NODE = """
    exports.handler = async () => {
      console.debug('a detail');
      console.log('hello', 42);
      console.error(new TypeError('oops'));
      return 'ok';
    };
"""


def _lines(resp: dict[str, Any]) -> list[str]:
    return base64.b64decode(resp["LogResult"]).decode().splitlines()


def _objects(lines: list[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in lines if line.startswith("{")]


def test_json_format_sets_default_levels(lambda_client: Any, create_function: CreateFn) -> None:
    """With LogFormat JSON, ApplicationLogLevel and SystemLogLevel default to INFO."""
    name = create_function(LOGGING, LoggingConfig={"LogFormat": "JSON"})

    config = lambda_client.get_function_configuration(FunctionName=name)["LoggingConfig"]

    assert config == {"LogFormat": "JSON", "ApplicationLogLevel": "INFO",
                      "SystemLogLevel": "INFO", "LogGroup": f"/aws/lambda/{name}"}


def test_python_logging_records_are_json_objects(lambda_client: Any,
                                                 create_function: CreateFn) -> None:
    """``logging`` records become {"timestamp", "level", "message", "logger", "requestId",
    ...extra}; print() output stays as it is; the runtime gets AWS_LAMBDA_LOG_FORMAT and
    AWS_LAMBDA_LOG_LEVEL; DEBUG records are below the default INFO level."""
    name = create_function(LOGGING, LoggingConfig={"LogFormat": "JSON"})

    body, resp = invoke_json(lambda_client, name, LogType="Tail")

    request_id = resp["ResponseMetadata"]["RequestId"]
    assert body == {"format": "JSON", "level": "INFO"}
    lines = _lines(resp)
    records = [o for o in _objects(lines) if "type" not in o]
    assert [r["message"] for r in records] == ["order placed", "stock low"]
    info = records[0]
    assert info["level"] == "INFO" and info["logger"] == "orders"
    assert info["requestId"] == request_id and info["order"] == 7
    assert len(info["timestamp"]) == 20 and info["timestamp"].endswith("Z")
    assert records[1]["level"] == "WARNING"  # logging's level name, as awslambdaric writes it
    assert "plain print" in lines


def test_platform_lines_become_json_records(lambda_client: Any, create_function: CreateFn) -> None:
    """START, END and REPORT become platform.start, platform.runtimeDone and
    platform.report records. https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html"""
    name = create_function(LOGGING, LoggingConfig={"LogFormat": "JSON"}, MemorySize=256)

    _, resp = invoke_json(lambda_client, name, LogType="Tail")

    request_id = resp["ResponseMetadata"]["RequestId"]
    platform = [o for o in _objects(_lines(resp)) if "type" in o]
    assert [p["type"] for p in platform] == ["platform.start", "platform.runtimeDone",
                                             "platform.report"]
    assert platform[0]["record"] == {"requestId": request_id, "version": "$LATEST"}
    assert platform[1]["record"]["status"] == "success"
    report = platform[2]["record"]
    assert report["requestId"] == request_id and report["status"] == "success"
    assert report["metrics"]["memorySizeMB"] == 256
    assert {"durationMs", "billedDurationMs", "maxMemoryUsedMB", "initDurationMs"} <= set(report["metrics"])
    assert all(p["time"].endswith("Z") for p in platform)
    assert not any(line.startswith(("START ", "END ", "REPORT ")) for line in _lines(resp))


def test_application_log_level_filters_records(lambda_client: Any,
                                               create_function: CreateFn) -> None:
    """ApplicationLogLevel DEBUG lets DEBUG records through; WARN drops INFO records and
    plain lines (Lambda treats a line without a level as INFO)."""
    name = create_function(LOGGING, LoggingConfig={"LogFormat": "JSON", "ApplicationLogLevel": "DEBUG"})
    _, resp = invoke_json(lambda_client, name, LogType="Tail")
    assert "a detail" in [o.get("message") for o in _objects(_lines(resp))]

    lambda_client.update_function_configuration(
        FunctionName=name, LoggingConfig={"ApplicationLogLevel": "WARN"})
    function_ready(lambda_client, name)
    body, resp = invoke_json(lambda_client, name, LogType="Tail")

    assert body["level"] == "WARN"
    lines = _lines(resp)
    messages = [o.get("message") for o in _objects(lines) if "type" not in o]
    assert messages == ["stock low"]
    assert "plain print" not in lines


def test_system_log_level_warn_drops_platform_records(lambda_client: Any,
                                                      create_function: CreateFn) -> None:
    """The platform records are INFO records: SystemLogLevel WARN leaves them out."""
    name = create_function(LOGGING, LoggingConfig={"LogFormat": "JSON", "SystemLogLevel": "WARN"})

    _, resp = invoke_json(lambda_client, name, LogType="Tail")

    objects = _objects(_lines(resp))
    assert objects and not any("type" in o for o in objects)


def test_log_level_with_text_format_is_refused(lambda_client: Any,
                                               create_function: CreateFn) -> None:
    """A log level needs the JSON format: InvalidParameterValueException (400)."""
    with pytest.raises(ClientError) as err:
        create_function(LOGGING, LoggingConfig={"LogFormat": "Text", "ApplicationLogLevel": "DEBUG"})

    resp = err.value.response
    assert resp["Error"]["Code"] == "InvalidParameterValueException"
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert resp["Error"]["Message"].startswith('LogLevel is not supported when LogFormat is set to "Text".')


def test_back_to_text_drops_the_levels(lambda_client: Any, create_function: CreateFn) -> None:
    """Switching LogFormat back to Text removes the levels and the runtime writes text."""
    name = create_function(LOGGING, LoggingConfig={"LogFormat": "JSON", "ApplicationLogLevel": "ERROR"})

    lambda_client.update_function_configuration(FunctionName=name, LoggingConfig={"LogFormat": "Text"})
    config = function_ready(lambda_client, name)
    body, resp = invoke_json(lambda_client, name, LogType="Tail")

    assert config["LoggingConfig"] == {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{name}"}
    assert body["format"] is None
    assert _lines(resp)[0].startswith("START RequestId: ")


def test_unhandled_error_is_logged_as_json(lambda_client: Any, create_function: CreateFn) -> None:
    """An unhandled exception is logged as one object with ``log_level`` ERROR and the
    error's members (awslambdaric's JSON ``log_error``); platform.runtimeDone says error."""
    name = create_function(FAILING, LoggingConfig={"LogFormat": "JSON"})

    _, resp = invoke_json(lambda_client, name, LogType="Tail")

    objects = _objects(_lines(resp))
    error = next(o for o in objects if o.get("log_level") == "ERROR")
    assert error["errorType"] == "ValueError" and error["errorMessage"] == "bad order"
    assert error["requestId"] == resp["ResponseMetadata"]["RequestId"]
    assert isinstance(error["stackTrace"], list) and error["timestamp"].endswith("Z")
    done = next(o for o in objects if o.get("type") == "platform.runtimeDone")
    assert done["record"]["status"] == "error"
    assert done["record"]["errorType"] == "ValueError"


def test_node_console_is_json(lambda_client: Any, create_function: CreateFn) -> None:
    """Node.js console.* as {"timestamp", "level", "requestId", "message"}; an Error as
    the message carries errorType, errorMessage and stackTrace; DEBUG is below INFO."""
    name = create_function(zip_bytes=make_zip({"index.js": NODE}), Runtime="nodejs20.x",
                           Handler="index.handler", LoggingConfig={"LogFormat": "JSON"})

    _, resp = invoke_json(lambda_client, name, LogType="Tail")

    request_id = resp["ResponseMetadata"]["RequestId"]
    records = [o for o in _objects(_lines(resp)) if "type" not in o]
    assert len(records) == 2
    assert records[0]["level"] == "INFO" and records[0]["message"] == "hello 42"
    assert records[0]["requestId"] == request_id
    assert records[0]["timestamp"].endswith("Z")
    error = records[1]
    assert error["level"] == "ERROR"
    assert error["message"]["errorType"] == "TypeError"
    assert error["message"]["errorMessage"] == "oops"
    assert isinstance(error["message"]["stackTrace"], list)


def test_log_group_receives_the_logs(lambda_client: Any, logs_client: Any,
                                     create_function: CreateFn, unique_name: str) -> None:
    """LoggingConfig.LogGroup sends the function's logs to that group."""
    group = f"/custom/{unique_name}"
    name = create_function(LOGGING, LoggingConfig={"LogGroup": group})

    _, resp = invoke_json(lambda_client, name)

    request_id = resp["ResponseMetadata"]["RequestId"]

    def messages() -> list[str]:
        try:
            found = logs_client.filter_log_events(logGroupName=group)["events"]
        except logs_client.exceptions.ResourceNotFoundException:
            return []
        return [e["message"] for e in found]

    got = wait_for(lambda: [m for m in messages() if request_id in m], what="log events")
    assert got[0] == f"START RequestId: {request_id} Version: $LATEST\n"
