"""A function's configuration (``FunctionConfiguration``) and the rules Lambda checks
beyond the model.

https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html
https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
- Zip functions need ``Runtime`` and ``Handler``; runtimes past AWS's block dates are
  refused (``runtimes.py``).
- ``Timeout`` 1..900 s (default 3), ``MemorySize`` 128..10240 MB (default 128).
- Environment variables: at most 4 KB in total, measured as their JSON; Lambda's own
  variables (``AWS_REGION``, ...) are reserved.
  https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from cloudlet.services.lambda_ import logging_config, runtimes
from cloudlet.services.lambda_.errors import InvalidParameterValueException

DEFAULT_TIMEOUT = 3
DEFAULT_MEMORY = 128
MAX_TIMEOUT = 900
MAX_MEMORY = 10240
ENV_LIMIT = 4096

RESERVED_ENV = frozenset({
    "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
})

# Members UpdateFunctionConfiguration may change (others are rejected or ignored).
UPDATABLE = ("Role", "Handler", "Description", "Timeout", "MemorySize", "Runtime",
             "Environment", "DeadLetterConfig", "TracingConfig", "EphemeralStorage",
             "LoggingConfig", "Layers")


def timestamp(now: float) -> str:
    """``LastModified`` as Lambda writes it: ``2026-11-23T02:33:20.123+0000``."""
    moment = datetime.fromtimestamp(now, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"


def check_environment(variables: dict[str, str]) -> None:
    reserved = [key for key in variables if key in RESERVED_ENV]
    if reserved:
        raise InvalidParameterValueException(
            "Lambda was unable to configure your environment variables because the environment "
            "variables you have provided contains reserved keys that are currently not "
            f"supported for modification. Reserved keys used in this request: {', '.join(reserved)}")
    measured = json.dumps(variables, separators=(",", ":"), ensure_ascii=False)
    if len(measured.encode()) > ENV_LIMIT:
        raise InvalidParameterValueException(
            "Lambda was unable to configure your environment variables because the environment "
            "variables you have provided exceeded the 4KB limit. String measured: " + measured)


def check_limits(config: dict[str, Any]) -> None:
    if config["MemorySize"] > MAX_MEMORY:
        raise InvalidParameterValueException(
            f"'MemorySize' value failed to satisfy constraint: Member must have value less "
            f"than or equal to {MAX_MEMORY}")
    if config["Timeout"] > MAX_TIMEOUT:
        raise InvalidParameterValueException(
            f"'Timeout' value failed to satisfy constraint: Member must have value less "
            f"than or equal to {MAX_TIMEOUT}")


def check_unsupported(req: Mapping[str, Any]) -> None:
    """Members cloudlet cannot honour: refused with a clear message, never ignored."""
    if req.get("PackageType") == "Image" or req.get("ImageUri") or req.get("Code", {}).get("ImageUri"):
        raise InvalidParameterValueException("not supported: PackageType Image (container images)")
    if req.get("VpcConfig", {}).get("SubnetIds"):
        raise InvalidParameterValueException("not supported: VpcConfig")
    if req.get("FileSystemConfigs"):
        raise InvalidParameterValueException("not supported: FileSystemConfigs (EFS)")
    architectures = req.get("Architectures") or ["x86_64"]
    if len(architectures) != 1:
        raise InvalidParameterValueException(
            "1 validation error detected: Value '[" + ", ".join(architectures) + "]' at "
            "'architectures' failed to satisfy constraint: Member must have length less than "
            "or equal to 1")


def new_configuration(req: Mapping[str, Any], *, arn: str, code_sha256: str, code_size: int,
                      now: float, revision: str) -> dict[str, Any]:
    """The ``$LATEST`` configuration CreateFunction answers with."""
    check_unsupported(req)
    runtime, handler = req.get("Runtime"), req.get("Handler")
    if not runtime or not handler:
        raise InvalidParameterValueException(
            "Runtime and Handler are mandatory parameters for functions created with "
            "deployment packages.")
    runtimes.check_new(runtime, now)
    name = req["FunctionName"]
    config: dict[str, Any] = {
        "FunctionName": name,
        "FunctionArn": arn,
        "Runtime": runtime,
        "Role": req["Role"],
        "Handler": handler,
        "CodeSize": code_size,
        "Description": req.get("Description", ""),
        "Timeout": req.get("Timeout", DEFAULT_TIMEOUT),
        "MemorySize": req.get("MemorySize", DEFAULT_MEMORY),
        "LastModified": timestamp(now),
        "CodeSha256": code_sha256,
        "Version": "$LATEST",
        "TracingConfig": {"Mode": req.get("TracingConfig", {}).get("Mode", "PassThrough")},
        "RevisionId": revision,
        "State": "Active",
        "LastUpdateStatus": "Successful",
        "PackageType": "Zip",
        "Architectures": list(req.get("Architectures") or ["x86_64"]),
        "EphemeralStorage": {"Size": req.get("EphemeralStorage", {}).get("Size", 512)},
        "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
        "RuntimeVersionConfig": {
            "RuntimeVersionArn": f"arn:aws:lambda:{arn.split(':')[3]}::runtime:{runtime}"},
        "LoggingConfig": {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{name}"},
    }
    _apply_optional(config, req)
    check_limits(config)
    return config


def _apply_optional(config: dict[str, Any], req: Mapping[str, Any]) -> None:
    if "Environment" in req:
        variables = (req["Environment"] or {}).get("Variables") or {}
        check_environment(variables)
        # Given, even empty, it is answered: {"Variables": {}} (recorded in LocalStack's
        # test_lambda_api.snapshot.json, test_function_lifecycle).
        config["Environment"] = {"Variables": dict(variables)}
    if "DeadLetterConfig" in req:
        target = (req["DeadLetterConfig"] or {}).get("TargetArn")
        if target:
            config["DeadLetterConfig"] = {"TargetArn": target}
        else:
            config.pop("DeadLetterConfig", None)
    if "LoggingConfig" in req:
        config["LoggingConfig"] = logging_config.merged(config["LoggingConfig"], req["LoggingConfig"])
    if req.get("KMSKeyArn"):
        config["KMSKeyArn"] = req["KMSKeyArn"]


def updated_configuration(config: dict[str, Any], req: Mapping[str, Any], *, now: float,
                          revision: str) -> dict[str, Any]:
    """``$LATEST`` after UpdateFunctionConfiguration: only the members given change."""
    check_unsupported(req)
    runtimes.check_update(config["Runtime"], now)
    new = dict(config)
    for member in ("Role", "Handler", "Description", "Timeout", "MemorySize"):
        if member in req:
            new[member] = req[member]
    if "Runtime" in req and req["Runtime"] != config["Runtime"]:
        runtimes.check_new(req["Runtime"], now)
        new["Runtime"] = req["Runtime"]
        new["RuntimeVersionConfig"] = {
            "RuntimeVersionArn": f"arn:aws:lambda:{config['FunctionArn'].split(':')[3]}::runtime:"
                                 f"{req['Runtime']}"}
    if "TracingConfig" in req:
        new["TracingConfig"] = {"Mode": (req["TracingConfig"] or {}).get("Mode", "PassThrough")}
    if "EphemeralStorage" in req:
        new["EphemeralStorage"] = {"Size": req["EphemeralStorage"]["Size"]}
    _apply_optional(new, req)
    check_limits(new)
    new["LastModified"] = timestamp(now)
    new["RevisionId"] = revision
    return new


def published(config: dict[str, Any], version: str, description: str | None, *,
              revision: str, now: float) -> dict[str, Any]:
    """An immutable copy of ``$LATEST`` as version ``version``."""
    new = dict(config)
    new["Version"] = version
    new["FunctionArn"] = f"{config['FunctionArn']}:{version}"
    new["RevisionId"] = revision
    new["LastModified"] = timestamp(now)
    if description is not None:
        new["Description"] = description
    return new


def same_function(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two configurations would run the same code the same way (to decide if
    PublishVersion has anything new to publish)."""
    ignored = {"FunctionArn", "Version", "RevisionId", "LastModified", "Description"}
    return {k: v for k, v in a.items() if k not in ignored} == {
        k: v for k, v in b.items() if k not in ignored}
