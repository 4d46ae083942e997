"""contract.py: texts and shapes mirrored from awslambdaric and Lambda."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from cloudlet.runtime import contract


def test_decimal_is_written_as_the_number_it_is() -> None:
    assert contract.to_json({"a": Decimal("1.10"), "b": [Decimal(3), Decimal("-0.5E+3")]}) == (
        '{"a": 1.10, "b": [3, -5E+2]}'
    )
    assert json.loads(contract.to_json(Decimal("1.10"))) == 1.1


def test_nan_decimal_and_plain_values() -> None:
    assert contract.to_json(Decimal("NaN")) == "NaN"
    assert contract.to_json({"x": None, "y": True, "s": "é"}) == '{"x": null, "y": true, "s": "\\u00e9"}'


def test_python312_writes_non_ascii_as_is() -> None:
    assert contract.to_json("é", "AWS_Lambda_python3.12") == '"é"'
    assert contract.to_json("é", "AWS_Lambda_python3.13") == '"\\u00e9"'


def test_unserialisable_value_message() -> None:
    with pytest.raises(TypeError, match="^Object of type set is not JSON serializable$"):
        contract.to_json({1})


def test_make_error_uses_empty_strings() -> None:
    assert contract.make_error(None, None, None, None) == {
        "errorMessage": "",
        "errorType": "",
        "requestId": "",
        "stackTrace": [],
    }


def test_error_log_lines() -> None:
    error = contract.make_error("boom", "ValueError", ['  File "/x.py", line 1, in f\n    g()\n'], "r")
    assert contract.error_log_lines(error) == [
        "[ERROR] ValueError: boom",
        "Traceback (most recent call last):",
        '\u00a0\u00a0File "/x.py", line 1, in f',
        "\u00a0\u00a0\u00a0\u00a0g()",
    ]


def test_handler_error_texts() -> None:
    assert contract.import_error_message("m", "No module named 'm'") == (
        "Unable to import module 'm': No module named 'm'"
    )
    assert contract.handler_not_found_message("fn", "mod") == "Handler 'fn' missing on module 'mod'"
    assert contract.malformed_handler_message("x", "not enough values to unpack (expected 2, got 1)") == (
        "Bad handler 'x': not enough values to unpack (expected 2, got 1)"
    )
    assert contract.syntax_error_trace("/a.py", 3, "x y\n") == ['  File "/a.py" Line 3\n    x y\n']


def test_platform_messages() -> None:
    assert contract.timeout_message("r1", 3) == "RequestId: r1 Error: Task timed out after 3.00 seconds"
    assert contract.exit_reason(1, None) == "exit status 1"
    assert contract.exit_reason(None, 11) == "signal: segmentation fault"
    assert contract.exit_reason(None, 9) == "signal: killed"
    assert contract.runtime_exited_message("r", "exit status 2") == (
        "RequestId: r Error: Runtime exited with error: exit status 2"
    )
    line = contract.timeout_log_line("r1", 3, 0.0)
    assert line == "1970-01-01T00:00:00.000Z r1 Task timed out after 3.00 seconds"


def test_report_line() -> None:
    assert contract.report_line("r", 1.234, 128, 40, None) == (
        "REPORT RequestId: r\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\t"
        "Max Memory Used: 40 MB\t"
    )
    cold = contract.report_line("r", 1.0, 256, 50, 3.456, "error", "Runtime.ExitError")
    assert cold.endswith("\tInit Duration: 3.46 ms\tStatus: error\tError Type: Runtime.ExitError\t")
    assert "\tBilled Duration: 5 ms\t" in cold


def test_log_stream_name() -> None:
    name = contract.log_stream_name("$LATEST", 1795392000.0)
    assert re.fullmatch(r"2026/11/23/\[\$LATEST\][0-9a-f]{32}", name)
    assert contract.log_stream_name("3", 0).startswith("1970/01/01/[3]")


def test_execution_env_and_reserved_variables() -> None:
    assert contract.execution_env("python3.12") == "AWS_Lambda_python3.12"
    assert contract.execution_env("nodejs20.x") == "AWS_Lambda_nodejs20.x"
    assert contract.execution_env("provided.al2023") is None
    assert "AWS_LAMBDA_FUNCTION_NAME" in contract.RESERVED_VARIABLES
    assert "PATH" not in contract.RESERVED_VARIABLES
