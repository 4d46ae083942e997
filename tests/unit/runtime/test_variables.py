"""variables.py: an environment's variables, from scratch."""

from __future__ import annotations

from pathlib import Path

from cloudlet.runtime import variables
from cloudlet.runtime.spec import FunctionSpec


def _spec(**kw: object) -> FunctionSpec:
    values: dict[str, object] = dict(
        account="111122223333", region="us-east-2", name="f", arn="arn:aws:lambda:us-east-2:111122223333:function:f",
        version="$LATEST", runtime="python3.12", handler="app.handler", code_dir=Path("/code"), memory_mb=512,
        timeout_s=3, environment={}, reserved_concurrency=None, revision="1",
    )
    values.update(kw)
    return FunctionSpec(**values)  # type: ignore[arg-type]


def _build(spec: FunctionSpec) -> dict[str, str]:
    return variables.build(spec, log_stream="s", endpoint_url="http://e", runtime_api="127.0.0.1:1")


def test_defaults() -> None:
    env = _build(_spec())
    assert env["AWS_ACCESS_KEY_ID"] == "111122223333"
    assert env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "512"
    assert env["AWS_EXECUTION_ENV"] == "AWS_Lambda_python3.12"
    assert env["AWS_LAMBDA_LOG_GROUP_NAME"] == "/aws/lambda/f"
    assert env["AWS_ENDPOINT_URL"] == "http://e"
    assert env["TZ"] == ":UTC"
    assert env["LAMBDA_TASK_ROOT"] == "/code"


def test_function_variables_win_except_reserved() -> None:
    env = _build(_spec(environment={"TZ": "Europe/Paris", "AWS_REGION": "x", "_HANDLER": "y", "A": "b"}))
    assert env["TZ"] == "Europe/Paris"
    assert env["AWS_REGION"] == "us-east-2"
    assert env["_HANDLER"] == "app.handler"
    assert env["A"] == "b"


def test_layers_on_paths() -> None:
    spec = _spec(layer_dirs=(Path("/l1"),), log_group="/custom")
    assert variables.python_path(spec)[0] == "/code"
    assert "/l1/python" in variables.python_path(spec)
    env = _build(spec)
    assert "/l1/bin" in env["PATH"].split(":")
    assert env["AWS_LAMBDA_LOG_GROUP_NAME"] == "/custom"
    node = _build(_spec(runtime="nodejs20.x", layer_dirs=(Path("/l1"),)))
    assert node["NODE_PATH"].split(":")[:2] == ["/l1/nodejs/node20/node_modules", "/l1/nodejs/node_modules"]
    assert "AWS_EXECUTION_ENV" not in _build(_spec(runtime="provided.al2023"))
