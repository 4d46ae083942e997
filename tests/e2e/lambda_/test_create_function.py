"""CreateFunction: what Lambda answers and what it refuses.
https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.lambda_.conftest import ECHO, ROLE, CreateFn, make_zip, python_zip
from tests.server import RunningServer


def _error(err: pytest.ExceptionInfo[ClientError]) -> tuple[str, int, str]:
    resp = err.value.response
    return resp["Error"]["Code"], resp["ResponseMetadata"]["HTTPStatusCode"], resp["Error"]["Message"]


def _create(lambda_client: Any, name: str, **overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {"FunctionName": name, "Runtime": "python3.12", "Role": ROLE,
                            "Handler": "app.handler", "Code": {"ZipFile": python_zip(ECHO)}}
    args.update(overrides)
    result: dict[str, Any] = lambda_client.create_function(**args)
    return result


def test_new_function_has_lambdas_defaults(lambda_client: Any, create_function: CreateFn) -> None:
    zipped = python_zip(ECHO)
    name = create_function(zip_bytes=zipped)
    config = lambda_client.get_function_configuration(FunctionName=name)
    assert config["FunctionArn"] == f"arn:aws:lambda:us-east-1:000000000000:function:{name}"
    assert config["Runtime"] == "python3.12"
    assert config["Handler"] == "app.handler"
    assert config["Role"] == ROLE
    assert config["Timeout"] == 3
    assert config["MemorySize"] == 128
    assert config["Version"] == "$LATEST"
    assert config["CodeSize"] == len(zipped)
    assert config["CodeSha256"] == base64.b64encode(hashlib.sha256(zipped).digest()).decode()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000", config["LastModified"])
    assert config["State"] == "Active"
    assert config["LastUpdateStatus"] == "Successful"
    assert config["PackageType"] == "Zip"
    assert config["Architectures"] == ["x86_64"]
    assert config["EphemeralStorage"] == {"Size": 512}
    assert config["TracingConfig"] == {"Mode": "PassThrough"}
    assert config["LoggingConfig"] == {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{name}"}
    assert re.fullmatch(r"[0-9a-f-]{36}", config["RevisionId"])
    assert "Environment" not in config


def test_create_answers_201_with_the_configuration(lambda_client: Any, unique_name: str) -> None:
    resp = _create(lambda_client, unique_name, Environment={"Variables": {"AB": "1"}},
                   Timeout=30, MemorySize=256, Description="d")
    try:
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 201
        assert resp["Environment"] == {"Variables": {"AB": "1"}}
        assert (resp["Timeout"], resp["MemorySize"], resp["Description"]) == (30, 256, "d")
    finally:
        lambda_client.delete_function(FunctionName=unique_name)


def test_waiters_pass_at_once(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function()
    lambda_client.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 1})
    lambda_client.get_waiter("function_updated_v2").wait(FunctionName=name, WaiterConfig={"Delay": 1})
    lambda_client.get_waiter("function_exists").wait(FunctionName=name, WaiterConfig={"Delay": 1})


def test_existing_name_is_a_conflict(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function()
    with pytest.raises(ClientError) as err:
        _create(lambda_client, name)
    assert _error(err) == ("ResourceConflictException", 409, f"Function already exist: {name}")


def test_a_file_that_is_not_a_zip_is_refused(lambda_client: Any, unique_name: str) -> None:
    with pytest.raises(ClientError) as err:
        _create(lambda_client, unique_name, Code={"ZipFile": b"not a zip at all"})
    assert _error(err) == ("InvalidParameterValueException", 400,
                           "Could not unzip uploaded file. Please check your file, then try to upload again.")


def test_role_must_be_an_iam_role_arn(lambda_client: Any, unique_name: str) -> None:
    with pytest.raises(ClientError) as err:
        _create(lambda_client, unique_name, Role="not-a-role")
    code, status, message = _error(err)
    assert (code, status) == ("ValidationException", 400)
    assert "at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern" in message


def test_deprecated_runtime_is_refused(lambda_client: Any, unique_name: str) -> None:
    with pytest.raises(ClientError) as err:
        _create(lambda_client, unique_name, Runtime="python3.7")
    code, status, message = _error(err)
    assert (code, status) == ("InvalidParameterValueException", 400)
    assert message.startswith("The runtime parameter of python3.7 is no longer supported")


def test_runtime_cloudlet_cannot_run_is_refused_clearly(lambda_client: Any, unique_name: str) -> None:
    with pytest.raises(ClientError) as err:
        _create(lambda_client, unique_name, Runtime="java21")
    assert "not supported: runtime java21" in _error(err)[2]


def test_runtime_and_handler_are_mandatory_for_zip_functions(lambda_client: Any, unique_name: str) -> None:
    args = {"FunctionName": unique_name, "Role": ROLE, "Code": {"ZipFile": python_zip(ECHO)}}
    with pytest.raises(ClientError) as err:
        lambda_client.create_function(**args)
    assert _error(err) == ("InvalidParameterValueException", 400,
                           "Runtime and Handler are mandatory parameters for functions created "
                           "with deployment packages.")


@pytest.mark.parametrize(("member", "value", "code"), [
    ("MemorySize", 64, "ValidationException"),
    ("MemorySize", 10241, "InvalidParameterValueException"),
    ("Timeout", 0, "ValidationException"),
    ("Timeout", 901, "InvalidParameterValueException"),
])
def test_memory_and_timeout_limits(server: RunningServer, unique_name: str, member: str,
                                   value: int, code: str) -> None:
    from tests.conftest import make_client

    unchecked = make_client(server, "lambda", parameter_validation=False)
    with pytest.raises(ClientError) as err:
        _create(unchecked, unique_name, **{member: value})
    assert _error(err)[:2] == (code, 400)


def test_reserved_environment_variables_are_refused(lambda_client: Any, unique_name: str) -> None:
    with pytest.raises(ClientError) as err:
        _create(lambda_client, unique_name, Environment={"Variables": {"AWS_REGION": "x", "OK": "1"}})
    assert _error(err) == (
        "InvalidParameterValueException", 400,
        "Lambda was unable to configure your environment variables because the environment "
        "variables you have provided contains reserved keys that are currently not supported "
        "for modification. Reserved keys used in this request: AWS_REGION")


def test_environment_over_4kb_is_refused(lambda_client: Any, unique_name: str) -> None:
    variables = {"BIG": "x" * 4100}
    with pytest.raises(ClientError) as err:
        _create(lambda_client, unique_name, Environment={"Variables": variables})
    code, _, message = _error(err)
    assert code == "InvalidParameterValueException"
    assert message == ("Lambda was unable to configure your environment variables because the "
                       "environment variables you have provided exceeded the 4KB limit. "
                       "String measured: " + json.dumps(variables, separators=(",", ":")))


def test_s3_code_location_is_not_supported_yet(lambda_client: Any, unique_name: str) -> None:
    with pytest.raises(ClientError) as err:
        _create(lambda_client, unique_name, Code={"S3Bucket": "bucket", "S3Key": "k.zip"})
    code, _, message = _error(err)
    assert code == "InvalidParameterValueException"
    assert "not supported: S3 code location" in message


def test_container_images_are_not_supported(lambda_client: Any, unique_name: str) -> None:
    with pytest.raises(ClientError) as err:
        lambda_client.create_function(FunctionName=unique_name, Role=ROLE, PackageType="Image",
                                      Code={"ImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1"})
    assert "not supported: PackageType Image" in _error(err)[2]


def test_unzipped_size_limit(lambda_client: Any, unique_name: str) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("app.py", ECHO)
        archive.writestr("big.bin", b"\0" * (262_144_000 + 1))
    with pytest.raises(ClientError) as err:
        _create(lambda_client, unique_name, Code={"ZipFile": buffer.getvalue()})
    assert _error(err) == ("InvalidParameterValueException", 400,
                           "Unzipped size must be smaller than 262144000 bytes")


def test_functions_belong_to_an_account(server: RunningServer, create_function: CreateFn) -> None:
    from tests.conftest import make_client

    name = create_function()
    other = make_client(server, "lambda", access_key="111122223333")
    with pytest.raises(ClientError) as err:
        other.get_function(FunctionName=name)
    assert _error(err)[:2] == ("ResourceNotFoundException", 404)
    created = _create(other, name)
    try:
        assert created["FunctionArn"] == f"arn:aws:lambda:us-east-1:111122223333:function:{name}"
    finally:
        other.delete_function(FunctionName=name)


def test_aws_cli_creates_and_gets_a_function(server: RunningServer, tmp_path: Path,
                                             unique_name: str, lambda_client: Any) -> None:
    package = tmp_path / "fn.zip"
    package.write_bytes(make_zip({"app.py": ECHO}))
    aws = [str(Path(sys.executable).parent / "aws"), "lambda", "--endpoint-url", server.url,
           "--region", "us-east-1", "--output", "json"]
    created = subprocess.run(
        [*aws, "create-function", "--function-name", unique_name, "--runtime", "python3.12",
         "--role", ROLE, "--handler", "app.handler", "--zip-file", f"fileb://{package}"],
        capture_output=True, text=True, timeout=60, check=True)
    try:
        assert json.loads(created.stdout)["FunctionName"] == unique_name
        got = subprocess.run([*aws, "get-function", "--function-name", unique_name],
                             capture_output=True, text=True, timeout=60, check=True)
        assert json.loads(got.stdout)["Configuration"]["State"] == "Active"
    finally:
        lambda_client.delete_function(FunctionName=unique_name)
