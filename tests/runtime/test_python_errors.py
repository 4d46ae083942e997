"""Python handler errors, with awslambdaric's exact types, messages and stack traces."""

from __future__ import annotations

import json

import pytest

from cloudlet.runtime.manager import RuntimeManager
from tests.runtime.conftest import Harness, invoke


def test_unhandled_exception_body_and_log(harness: Harness) -> None:
    spec = harness.function(
        {
            "app.py": """
            def inner():
                raise ValueError("boom")

            def handler(event, context):
                inner()
            """
        }
    )
    result = harness.drive(lambda m: invoke(m, spec, request_id="rid-err"))
    body = json.loads(result.payload)
    assert result.function_error == "Unhandled"
    assert body["errorMessage"] == "boom"
    assert body["errorType"] == "ValueError"
    assert body["requestId"] == "rid-err"
    app = str(harness.task_root(spec) / "app.py")
    assert body["stackTrace"] == [
        f'  File "{app}", line 6, in handler\n    inner()\n',
        f'  File "{app}", line 3, in inner\n    raise ValueError("boom")\n',
    ]
    assert "[ERROR] ValueError: boom\nTraceback (most recent call last):\n" in result.log
    assert f'\u00a0\u00a0File "{app}", line 6, in handler\n\u00a0\u00a0\u00a0\u00a0inner()\n' in result.log
    # the error is one log event
    assert any(m.startswith("[ERROR] ValueError: boom\nTraceback") for m in harness.sink.messages())


def test_environment_survives_a_handler_exception(harness: Harness) -> None:
    spec = harness.function(
        {
            "app.py": """
            import os
            calls = 0
            def handler(event, context):
                global calls
                calls += 1
                if event.get("fail"):
                    raise RuntimeError("no")
                return [calls, os.getpid()]
            """
        }
    )

    async def body(m: RuntimeManager) -> list:
        first = await invoke(m, spec)
        failed = await invoke(m, spec, b'{"fail": true}')
        after = await invoke(m, spec)
        return [first, failed, after]

    first, failed, after = harness.drive(body)
    assert failed.function_error == "Unhandled"
    assert json.loads(after.payload)[0] == 3
    assert json.loads(after.payload)[1] == json.loads(first.payload)[1]


@pytest.mark.parametrize(
    ("files", "handler", "error_type", "message"),
    [
        ({"app.py": "x = 1\n"}, "missing.handler", "Runtime.ImportModuleError",
         "Unable to import module 'missing': No module named 'missing'"),
        ({"app.py": "import nothere\n"}, "app.handler", "Runtime.ImportModuleError",
         "Unable to import module 'app': No module named 'nothere'"),
        ({"app.py": "x = 1\n"}, "app.handler", "Runtime.HandlerNotFound",
         "Handler 'handler' missing on module 'app'"),
        ({"app.py": "x = 1\n"}, "app", "Runtime.MalformedHandlerName",
         "Bad handler 'app': not enough values to unpack (expected 2, got 1)"),
        ({"app.py": "def handler(e, c)\n    return 1\n"}, "app.handler", "Runtime.UserCodeSyntaxError",
         "Syntax error in module 'app': expected ':' (app.py, line 1)"),
        ({"sys.py": "x = 1\n"}, "sys.handler", "Runtime.BuiltInModuleConflict",
         "Cannot use built-in module sys as a handler module"),
    ],
)
def test_init_errors(harness: Harness, files: dict[str, str], handler: str, error_type: str, message: str) -> None:
    spec = harness.function(files, handler=handler)

    async def body(m: RuntimeManager) -> list:
        return [await invoke(m, spec), await invoke(m, spec)]

    for result in harness.drive(body):  # every invoke retries init, as Lambda does
        assert result.function_error == "Unhandled"
        error = json.loads(result.payload)
        assert error["errorType"] == error_type
        assert error["errorMessage"] == message
        assert error["requestId"] == ""
        assert result.init_duration_ms is not None
        assert f"[ERROR] {error_type}: {message}" in result.log
        assert result.log.startswith("[WARNING]\t")
        assert "\t\tLAMBDA_WARNING: Unhandled exception." in result.log.splitlines()[0]


def test_syntax_error_stack_trace(harness: Harness) -> None:
    spec = harness.function({"app.py": "def handler(e, c)\n    return 1\n"})
    error = json.loads(harness.drive(lambda m: invoke(m, spec)).payload)
    assert error["stackTrace"] == [f'  File "{harness.task_root(spec) / "app.py"}" Line 1\n    def handler(e, c)\n']


def test_exception_at_import_is_reported_with_its_own_type(harness: Harness) -> None:
    spec = harness.function({"app.py": "raise KeyError('cfg')\n"})
    error = json.loads(harness.drive(lambda m: invoke(m, spec)).payload)
    assert error["errorType"] == "KeyError"
    assert error["errorMessage"] == "'cfg'"
    assert error["stackTrace"][-1].startswith(f'  File "{harness.task_root(spec) / "app.py"}", line 1, in <module>')


def test_unserialisable_result_is_a_marshal_error(harness: Harness) -> None:
    spec = harness.function({"app.py": "def handler(e, c):\n    return {1, 2}\n"})
    result = harness.drive(lambda m: invoke(m, spec, request_id="rid-m"))
    assert result.function_error == "Unhandled"
    assert json.loads(result.payload) == {
        "errorMessage": "Unable to marshal response: Object of type set is not JSON serializable",
        "errorType": "Runtime.MarshalError",
        "requestId": "rid-m",
        "stackTrace": [],
    }


def test_invalid_json_event_is_an_unmarshal_error(harness: Harness) -> None:
    spec = harness.function({"app.py": "def handler(e, c):\n    return 1\n"})
    error = json.loads(harness.drive(lambda m: invoke(m, spec, b"not json")).payload)
    assert error["errorType"] == "Runtime.UnmarshalError"
    assert error["errorMessage"].startswith("Unable to unmarshal input: Expecting value")
