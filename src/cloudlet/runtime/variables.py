"""The environment variables of an execution environment, built from scratch.

https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-runtime.html

Nothing of the server's own environment is passed on. The function's own variables win
over the defaults (``PATH``, ``LANG``, ``TZ``, ``AWS_ENDPOINT_URL``, ...) except the
reserved ones Lambda does not let a function set (``contract.RESERVED_VARIABLES``), and
``AWS_LAMBDA_LOG_FORMAT``/``AWS_LAMBDA_LOG_LEVEL``, which a JSON ``LoggingConfig`` sets.

Credentials: the session of the function's execution role the manager issued for the
environment (``runtime/credentials.py``): ``AWS_ACCESS_KEY_ID`` (``ASIA...``),
``AWS_SECRET_ACCESS_KEY``, ``AWS_SESSION_TOKEN``. Without one (``cloudlet invoke local``,
a function with no role ARN) ``AWS_ACCESS_KEY_ID`` is the function's account id (cloudlet
maps a 12-digit key id back to that account), with placeholder secret and session token.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from collections.abc import Mapping
from pathlib import Path

from cloudlet.runtime import contract
from cloudlet.runtime.spec import FunctionSpec

RUNTIME_DIR = str(Path(__file__).resolve().parent)
_PY = f"python{sys.version_info.major}.{sys.version_info.minor}"
# the interpreter's site-packages (``sysconfig.get_paths`` expands every install scheme:
# ~0.3 ms, once here rather than on each cold start's path)
_PURELIB = sysconfig.get_paths()["purelib"]


def python_path(spec: FunctionSpec) -> list[str]:
    """``sys.path`` head: the code, then each layer's ``python/lib/pythonX.Y/site-packages``
    and ``python/`` (what Lambda mounts at /opt)."""
    paths = [str(spec.code_dir)]
    for layer in spec.layer_dirs:
        paths.append(str(layer / "python" / "lib" / _PY / "site-packages"))
        paths.append(str(layer / "python"))
    return paths


def node_path(spec: FunctionSpec) -> str:
    major = spec.runtime.removeprefix("nodejs").split(".")[0]
    paths: list[str] = []
    for layer in spec.layer_dirs:
        paths.append(str(layer / "nodejs" / f"node{major}" / "node_modules"))
        paths.append(str(layer / "nodejs" / "node_modules"))
    paths.append(str(spec.code_dir / "node_modules"))
    paths.append(str(spec.code_dir))
    return ":".join(paths)


def build(
    spec: FunctionSpec, *, log_stream: str, endpoint_url: str, runtime_api: str,
    credentials: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """All variables of one environment; ``credentials``: the three ``AWS_*`` key variables
    of the environment's session (placeholders without)."""
    bin_dirs = [os.path.dirname(sys.executable), "/usr/local/bin", "/usr/bin", "/bin"]
    bin_dirs += [str(layer / "bin") for layer in spec.layer_dirs]
    lib_dirs = [str(spec.code_dir), str(spec.code_dir / "lib")]
    lib_dirs += [str(layer / "lib") for layer in spec.layer_dirs]
    defaults = {
        "PATH": ":".join(bin_dirs),
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        "LD_LIBRARY_PATH": ":".join(lib_dirs),
        "AWS_ENDPOINT_URL": endpoint_url,
        "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
    }
    if spec.runtime in contract.PYTHON_RUNTIMES:
        defaults["PYTHONPATH"] = _PURELIB
    elif spec.runtime in contract.NODE_RUNTIMES:
        defaults["NODE_PATH"] = node_path(spec)
    reserved = {
        "_HANDLER": spec.handler,
        "AWS_REGION": spec.region,
        "AWS_DEFAULT_REGION": spec.region,
        "AWS_LAMBDA_FUNCTION_NAME": spec.name,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory_mb),
        "AWS_LAMBDA_FUNCTION_VERSION": spec.version,
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_LAMBDA_LOG_GROUP_NAME": spec.log_group_name,
        "AWS_LAMBDA_LOG_STREAM_NAME": log_stream,
        "AWS_LAMBDA_RUNTIME_API": runtime_api,
        "AWS_ACCESS_KEY_ID": spec.account,
        "AWS_SECRET_ACCESS_KEY": "cloudlet-secret-access-key",
        "AWS_SESSION_TOKEN": "cloudlet-session-token",
        **(credentials or {}),
        "LAMBDA_TASK_ROOT": str(spec.code_dir),
        "LAMBDA_RUNTIME_DIR": RUNTIME_DIR,
    }
    execution_env = contract.execution_env(spec.runtime)
    if execution_env is not None:
        reserved["AWS_EXECUTION_ENV"] = execution_env
    if spec.json_logs:  # LoggingConfig JSON: what AWS's runtimes read
        reserved["AWS_LAMBDA_LOG_FORMAT"] = contract.LOG_FORMAT_JSON
        reserved["AWS_LAMBDA_LOG_LEVEL"] = spec.application_log_level or "INFO"
    own = {k: v for k, v in spec.environment.items() if k not in contract.RESERVED_VARIABLES}
    return {**defaults, **own, **reserved}
