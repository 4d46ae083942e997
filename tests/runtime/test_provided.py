"""Custom runtimes (provided.al2/al2023): a bootstrap speaking the Lambda Runtime API."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

from cloudlet.runtime.manager import RuntimeManager
from tests.runtime.conftest import Harness, invoke

PY_BOOTSTRAP = f"""#!{sys.executable}
import json, os, urllib.request
api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"
def post(path, body, headers=None):
    req = urllib.request.Request(api + path, data=body, method="POST", headers=headers or {{}})
    with urllib.request.urlopen(req) as r:
        return r.status, r.read()
if os.environ.get("FAIL_INIT"):
    post("/init/error", json.dumps({{"errorMessage": "cannot start", "errorType": "InitFailed"}}).encode(),
         {{"Lambda-Runtime-Function-Error-Type": "InitFailed"}})
    raise SystemExit(1)
print("booted", flush=True)
count = 0
while True:
    with urllib.request.urlopen(api + "/invocation/next") as r:
        event = json.loads(r.read())
        headers = dict(r.headers)
    rid = headers["Lambda-Runtime-Aws-Request-Id"]
    count += 1
    print("handling", rid, flush=True)
    if event.get("fail"):
        post(f"/invocation/{{rid}}/error", json.dumps({{"errorMessage": "failed", "errorType": "MyError"}}).encode(),
             {{"Lambda-Runtime-Function-Error-Type": "MyError"}})
        continue
    status, body = post(f"/invocation/{{rid}}/response", json.dumps({{
        "count": count, "event": event, "deadline": headers["Lambda-Runtime-Deadline-Ms"],
        "arn": headers["Lambda-Runtime-Invoked-Function-Arn"], "trace": headers.get("Lambda-Runtime-Trace-Id"),
    }}).encode())
    assert (status, json.loads(body)) == (202, {{"status": "OK"}})
"""


def test_custom_runtime_response_and_error(harness: Harness) -> None:
    spec = harness.function({"bootstrap": PY_BOOTSTRAP}, runtime="provided.al2023", executable=("bootstrap",))

    async def body(m: RuntimeManager) -> list:
        return [
            await invoke(m, spec, b'{"n": 1}', request_id="rid-1"),
            await invoke(m, spec, b'{"fail": true}', request_id="rid-2"),
            await invoke(m, spec, b'{"n": 3}', request_id="rid-3"),
        ]

    ok, failed, again = harness.drive(body)
    data = json.loads(ok.payload)
    assert data["count"] == 1 and data["event"] == {"n": 1} and data["arn"] == spec.arn
    assert data["trace"].startswith("Root=1-") and int(data["deadline"]) > 0
    assert ok.function_error is None and ok.init_duration_ms is not None
    assert ok.log.splitlines()[0] == "booted"
    assert "handling rid-1" in ok.log
    assert failed.function_error == "Unhandled"
    assert json.loads(failed.payload) == {"errorMessage": "failed", "errorType": "MyError"}
    assert json.loads(again.payload)["count"] == 3  # same environment


def test_init_error(harness: Harness) -> None:
    spec = harness.function(
        {"bootstrap": PY_BOOTSTRAP}, runtime="provided.al2", executable=("bootstrap",), environment={"FAIL_INIT": "1"}
    )
    result = harness.drive(lambda m: invoke(m, spec))
    assert result.function_error == "Unhandled"
    assert json.loads(result.payload) == {"errorMessage": "cannot start", "errorType": "InitFailed"}
    assert "\tStatus: error\tError Type: InitFailed" in result.log


def test_missing_bootstrap(harness: Harness) -> None:
    """Lambda names /var/task/bootstrap and /opt/bootstrap (without a mount namespace: the
    code's real folder)."""
    spec = harness.function({"readme.txt": "no bootstrap"}, runtime="provided.al2023")
    result = harness.drive(lambda m: invoke(m, spec, request_id="rid-x"))
    error = json.loads(result.payload)
    assert error["errorType"] == "Runtime.InvalidEntrypoint"
    searched = f"{spec.code_dir / 'bootstrap'}"
    if harness.task_root(spec) != spec.code_dir:
        searched = "/var/task/bootstrap /opt/bootstrap"
    assert error["errorMessage"] == (
        f"RequestId: rid-x Error: Couldn't find valid bootstrap(s): [{searched}]"
    )


def test_bootstrap_not_executable(harness: Harness) -> None:
    spec = harness.function({"bootstrap": "#!/bin/sh\n"}, runtime="provided.al2023")
    error = json.loads(harness.drive(lambda m: invoke(m, spec, request_id="rid-x")).payload)
    assert error == {
        "errorType": "Runtime.InvalidEntrypoint",
        "errorMessage": f"RequestId: rid-x Error: fork/exec {harness.task_root(spec) / 'bootstrap'}: permission denied",
    }


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl not installed")
def test_shell_bootstrap_with_curl(harness: Harness) -> None:
    script = """#!/bin/sh
    set -eu
    API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
    while true; do
      HEADERS=$(mktemp)
      EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next")
      RID=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
      echo "got $EVENT"
      curl -sS -X POST "$API/invocation/$RID/response" -d "{\\"echo\\": $EVENT}" > /dev/null
    done
    """
    spec = harness.function({"bootstrap": script}, runtime="provided.al2", executable=("bootstrap",))

    async def body(m: RuntimeManager) -> list:
        return [await invoke(m, spec, b'{"k": "v"}'), await invoke(m, spec, b"[1]")]

    one, two = harness.drive(body)
    assert json.loads(one.payload) == {"echo": {"k": "v"}}
    assert json.loads(two.payload) == {"echo": [1]}
    assert 'got {"k": "v"}' in one.log


def test_runtime_api_error_answers(harness: Harness) -> None:
    """Answers for a wrong request id, a second answer and /init/error after init."""
    script = f"""#!{sys.executable}
import json, os, urllib.request, urllib.error
api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"
def post(path, body=b"{{}}"):
    try:
        with urllib.request.urlopen(urllib.request.Request(api + path, data=body, method="POST")) as r:
            return [r.status, json.loads(r.read())]
    except urllib.error.HTTPError as e:
        return [e.code, json.loads(e.read())]
while True:
    with urllib.request.urlopen(api + "/invocation/next") as r:
        rid = r.headers["Lambda-Runtime-Aws-Request-Id"]
    answers = [post("/invocation/not-the-id/response"), post("/init/error")]
    answers.append(post(f"/invocation/{{rid}}/response", json.dumps(answers).encode()))
    print(json.dumps(post(f"/invocation/{{rid}}/response")), flush=True)
"""
    spec = harness.function({"bootstrap": script}, runtime="provided.al2023", executable=("bootstrap",))
    result = harness.drive(lambda m: invoke(m, spec))
    wrong, init_after = json.loads(result.payload)
    assert wrong == [400, {"errorMessage": "Invalid request ID", "errorType": "InvalidRequestID"}]
    assert init_after[0] == 403 and init_after[1]["errorType"] == "InvalidStateTransition"


def test_awslambdaric_if_installed(harness: Harness) -> None:
    """AWS's own Python runtime interface client, unchanged, against our Runtime API.

    Skipped unless ``awslambdaric`` (and ``simplejson``) can be imported by the tests, e.g.
    ``pip install --target DIR awslambdaric`` and ``PYTHONPATH=DIR pytest ...``.
    """
    found = importlib.util.find_spec("awslambdaric")
    if found is None or found.origin is None or importlib.util.find_spec("simplejson") is None:
        pytest.skip("awslambdaric is not installed")
    site = Path(found.origin).parent.parent
    script = f"#!/bin/sh\nexport PYTHONPATH=$LAMBDA_TASK_ROOT\nexec {sys.executable} -m awslambdaric app.handler\n"
    spec = harness.function(
        {
            "bootstrap": script,
            "app.py": "import logging\ndef handler(e, c):\n    logging.warning('ric log')\n"
            "    return {'ric': e, 'rid': c.aws_request_id, 'mem': c.memory_limit_in_mb}\n",
        },
        runtime="provided.al2023",
        executable=("bootstrap",),
    )
    # vendored into the deployment package, as a user of a custom runtime would
    for name in ("awslambdaric", "simplejson"):
        shutil.copytree(site / name, spec.code_dir / name)
    for extension in site.glob("runtime_client*.so"):
        shutil.copy(extension, spec.code_dir)

    async def body(m: RuntimeManager) -> list:
        return [
            await invoke(m, spec, b'{"x": 1}', request_id="rid-ric"),
            await invoke(m, spec, b'{"x": 2}', request_id="rid-ric2"),
        ]

    first, second = harness.drive(body)
    assert json.loads(first.payload) == {"ric": {"x": 1}, "rid": "rid-ric", "mem": "128"}
    assert json.loads(second.payload)["ric"] == {"x": 2}
    assert second.init_duration_ms is None
    assert "\trid-ric\tric log" in first.log
