"""A function's configuration read from the project files, for ``invoke local`` (no
server, nothing deployed): handler, runtime, code folder, environment, timeout, memory.

Defaults are each tool's: the Serverless Framework's (runtime from ``provider``, timeout
6 s, memory 1024 MB, ``provider.environment`` under ``functions.X.environment``) and
CloudFormation/SAM's (timeout 3 s, memory 128 MB, SAM ``Globals.Function`` underneath).
Environment values that only a deployed stack can resolve (``Ref``, ``Fn::GetAtt``, ...)
are left out, each named on stderr.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cloudlet.cli import artifacts
from cloudlet.cli.project import Project


@dataclass
class LocalFunction:
    key: str
    name: str
    handler: str
    runtime: str
    code_dir: Path
    timeout_s: float
    memory_mb: int
    environment: dict[str, str] = field(default_factory=dict)
    unresolved: list[str] = field(default_factory=list)


def _environment(*layers: Any) -> tuple[dict[str, str], list[str]]:
    values: dict[str, str] = {}
    unresolved: list[str] = []
    for layer in layers:
        for key, value in (layer or {}).items():
            if isinstance(value, (str, int, float, bool)):
                values[key] = str(value).lower() if isinstance(value, bool) else str(value)
                if key in unresolved:
                    unresolved.remove(key)
            else:
                values.pop(key, None)
                unresolved.append(key)
    return values, unresolved


def from_project(project: Project, key: str) -> LocalFunction:
    """The function ``key`` (serverless.yml key or template logical id); ``KeyError``
    naming the known ones when there is none."""
    if project.service is not None:
        return _from_service(project, key)
    return _from_template(project, key)


def _from_service(project: Project, key: str) -> LocalFunction:
    from cloudlet.cli.deploying import function_name

    service = project.service
    assert service is not None
    functions = service.config.get("functions") or {}
    if key not in functions:
        raise KeyError(f"Function \"{key}\" doesn't exist in this Service "
                       f"(functions: {', '.join(functions) or 'none'})")
    provider = service.config.get("provider") or {}
    config = functions[key] or {}
    environment, unresolved = _environment(provider.get("environment"),
                                           config.get("environment"))
    return LocalFunction(
        key, function_name(service, key), str(config["handler"]),
        str(config.get("runtime") or provider.get("runtime") or "python3.12"),
        project.directory, float(config.get("timeout") or provider.get("timeout") or 6),
        int(config.get("memorySize") or provider.get("memorySize") or 1024),
        environment, unresolved)


def _from_template(project: Project, key: str) -> LocalFunction:
    template = project.template or {}
    resources = template.get("Resources") or {}
    functions = [k for k, r in resources.items()
                 if isinstance(r, dict) and r.get("Type") in artifacts.FUNCTION_TYPES]
    if key not in functions:
        raise KeyError(f"no function {key} in {project.file.name} "
                       f"(functions: {', '.join(functions) or 'none'})")
    resource = resources[key]
    sam = resource["Type"] == "AWS::Serverless::Function"
    base = ((template.get("Globals") or {}).get("Function") or {}) if sam else {}
    props = {**base, **(resource.get("Properties") or {})}
    code = artifacts.function_code(template, project.directory).get(key)
    if code is None:
        raise KeyError(f"{key} has no local code folder (CodeUri/Code)")
    environment, unresolved = _environment((base.get("Environment") or {}).get("Variables"),
                                           ((resource.get("Properties") or {})
                                            .get("Environment") or {}).get("Variables"))
    name = props.get("FunctionName")
    return LocalFunction(
        key, name if isinstance(name, str) else key, str(props["Handler"]),
        str(props.get("Runtime") or "python3.12"), code.path,
        float(props.get("Timeout") or 3), int(props.get("MemorySize") or 128),
        environment, unresolved)
