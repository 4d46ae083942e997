"""Timeouts, memory, crashes: the environment is destroyed and the next invoke starts fresh."""

from __future__ import annotations

import json
import re

from cloudlet.runtime.manager import RuntimeManager
from tests.runtime.conftest import Harness, invoke

PID = "import os\ndef handler(e, c):\n    return bad(e, c) if e.get('bad') else os.getpid()\n"


def _then_fresh(harness: Harness, code: str, **kw: object) -> tuple:
    spec = harness.function({"app.py": PID + code}, **kw)  # type: ignore[arg-type]

    async def body(m: RuntimeManager) -> tuple:
        before = await invoke(m, spec)
        bad = await invoke(m, spec, b'{"bad": true}', request_id="rid-bad")
        after = await invoke(m, spec)
        return before, bad, after, m.stats()

    return harness.drive(body)


def test_timeout(harness: Harness) -> None:
    code = "import time\ndef bad(e, c):\n    print('sleeping')\n    time.sleep(30)\n"
    before, bad, after, _ = _then_fresh(harness, code, timeout_s=1)
    assert bad.function_error == "Unhandled"
    assert json.loads(bad.payload) == {
        "errorType": "Sandbox.Timedout",
        "errorMessage": "RequestId: rid-bad Error: Task timed out after 1.00 seconds",
    }
    assert "sleeping\n" in bad.log
    assert re.search(r"\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z rid-bad Task timed out after 1.00 seconds\n", bad.log)
    assert "\tStatus: timeout" in bad.log
    assert after.init_duration_ms is not None  # a fresh environment


def test_out_of_memory(harness: Harness) -> None:
    code = "def bad(e, c):\n    blocks = []\n    while True:\n        blocks.append(bytearray(16 * 1024 * 1024))\n"
    _before, bad, after, _ = _then_fresh(harness, code, memory_mb=128)
    assert bad.function_error == "Unhandled"
    assert json.loads(bad.payload) == {
        "errorType": "Runtime.OutOfMemory",
        "errorMessage": "RequestId: rid-bad Error: Runtime exited with error: signal: killed",
    }
    assert "RequestId: rid-bad Error: Runtime exited with error: signal: killed\nRuntime.OutOfMemory" in bad.log
    assert after.function_error is None and after.init_duration_ms is not None


def test_sys_exit(harness: Harness) -> None:
    code = "import sys\ndef bad(e, c):\n    sys.exit(1)\n"
    _before, bad, after, _ = _then_fresh(harness, code)
    assert json.loads(bad.payload) == {
        "errorType": "Runtime.ExitError",
        "errorMessage": "RequestId: rid-bad Error: Runtime exited with error: exit status 1",
    }
    assert "\tStatus: error\tError Type: Runtime.ExitError" in bad.log
    assert after.function_error is None and after.init_duration_ms is not None


def test_os_exit_with_status(harness: Harness) -> None:
    code = "def bad(e, c):\n    print('bye')\n    os._exit(3)\n"
    _before, bad, after, _ = _then_fresh(harness, code)
    assert json.loads(bad.payload)["errorMessage"].endswith("exit status 3")
    assert "bye\n" in bad.log
    assert after.function_error is None


def test_exit_zero_is_an_exit_without_reason(harness: Harness) -> None:
    code = "import sys\ndef bad(e, c):\n    sys.exit(0)\n"
    _before, bad, _after, _ = _then_fresh(harness, code)
    assert json.loads(bad.payload) == {
        "errorType": "Runtime.ExitError",
        "errorMessage": "RequestId: rid-bad Error: Runtime exited without providing a reason",
    }


def test_segfault(harness: Harness) -> None:
    code = "import signal\ndef bad(e, c):\n    os.kill(os.getpid(), signal.SIGSEGV)\n"
    _before, bad, after, _ = _then_fresh(harness, code)
    assert json.loads(bad.payload) == {
        "errorType": "Runtime.ExitError",
        "errorMessage": "RequestId: rid-bad Error: Runtime exited with error: signal: segmentation fault",
    }
    assert after.function_error is None and after.init_duration_ms is not None


def test_timeout_log_keeps_the_last_output_even_without_newline(harness: Harness) -> None:
    code = (
        "import sys, time\ndef handler(e, c):\n    print('a line')\n"
        "    sys.stdout.write('no newline yet')\n    time.sleep(30)\n"
    )
    spec = harness.function({"app.py": code}, timeout_s=1)

    async def body(m: RuntimeManager) -> object:
        return await invoke(m, spec, request_id="rid-t")

    result = harness.drive(body)
    assert "a line\nno newline yet\n" in result.log
    assert result.log.index("no newline yet") < result.log.index("END RequestId: rid-t")
