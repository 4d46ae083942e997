"""serverless.yml (Serverless Framework v3) -> CloudFormation, with the framework's logical
names, so a service deploys to cloudlet (and to AWS) as ``serverless deploy`` would.

    service = load(Path("examples/mafia"), stage="dev")
    compiled = compile(service, output_dir=Path("examples/mafia/.serverless"))
    compiled.create_template   # the deployment bucket only: create the stack with it,
    compiled.artifacts         # upload these zips to that bucket under artifact.key,
    compiled.update_template   # then update the stack with everything.

``load`` finds the file, refuses plugins cloudlet does not implement (naming them),
resolves every variable (``variables.py``) and checks the basics; ``compile`` packages
the code (``cloudlet.templates.packaging``) and builds both templates (``compiler.py``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cloudlet.templates.serverless import naming
from cloudlet.templates.serverless.build import Build
from cloudlet.templates.serverless.compiler import (
    artifact_directory,
    build_templates,
    package_artifacts,
)
from cloudlet.templates.serverless.custom_s3 import package_custom_resources
from cloudlet.templates.serverless.errors import ServerlessError, not_supported
from cloudlet.templates.serverless.variables import Resolver
from cloudlet.templates.serverless.yamlfile import read_config

__all__ = ["Artifact", "Compiled", "CompiledFunction", "Hooks", "ServerlessError",
           "ServerlessService", "compile", "find_config", "load"]

CONFIG_NAMES = ("serverless.yml", "serverless.yaml", "serverless.json")
SUPPORTED_PLUGINS = ("serverless-step-functions", "serverless-python-requirements")


@dataclass
class Hooks:
    """What variables need from a running cloudlet (None offline)."""

    cf_output: Callable[[str, str], str | None] | None = None   # (stack name, output key)
    ssm: Callable[[str, bool], str | None] | None = None          # (name, decrypt)
    account: str = "000000000000"


@dataclass
class ServerlessService:
    name: str
    stage: str
    region: str
    directory: Path
    config: dict[str, Any]        # the resolved serverless.yml
    stack_name: str               # "{service}-{stage}" unless provider.stackName
    config_file: str = "serverless.yml"


@dataclass
class Artifact:
    path: Path                    # the zip on disk
    key: str                      # its S3 key in the deployment bucket
    sha256: str                   # hex digest of the zip bytes


@dataclass
class CompiledFunction:
    name: str                     # key in serverless.yml
    function_name: str            # deployed name, "{service}-{stage}-{name}"
    logical_id: str               # "HelloLambdaFunction"
    artifact: Artifact
    handler: str
    runtime: str


@dataclass
class Compiled:
    service: ServerlessService
    create_template: dict[str, Any]
    update_template: dict[str, Any]
    artifacts: list[Artifact]
    functions: dict[str, CompiledFunction]
    bucket_logical_id: str = naming.BUCKET
    deployment_bucket: str | None = None   # provider.deploymentBucket, if an existing one
    stack_tags: dict[str, str] = field(default_factory=dict)


def find_config(directory: Path) -> Path:
    """The service file in ``directory`` (serverless.yml / .yaml / .json)."""
    for name in CONFIG_NAMES:
        if (directory / name).exists():
            return directory / name
    for name in ("serverless.ts", "serverless.js"):
        if (directory / name).exists():
            raise not_supported(f"{name} (write the service as serverless.yml)")
    raise ServerlessError(f"No serverless.yml (or .yaml, .json) in {directory}",
                          "MISSING_SERVICE_CONFIGURATION")


def _check_plugins(config: dict[str, Any]) -> None:
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = plugins.get("modules") or []
    for plugin in plugins:
        if plugin not in SUPPORTED_PLUGINS:
            raise ServerlessError(
                f'Serverless plugin "{plugin}" is not supported by cloudlet (supported: '
                f'{", ".join(SUPPORTED_PLUGINS)})', "PLUGIN_NOT_SUPPORTED")


def load(directory: Path, *, stage: str | None = None, region: str | None = None,
         options: Mapping[str, str] | None = None, hooks: Hooks | None = None,
         env: Mapping[str, str] | None = None) -> ServerlessService:
    """Read and resolve the service in ``directory``."""
    hooks = hooks or Hooks()
    path = find_config(directory)
    raw = read_config(path)
    if not isinstance(raw, dict):
        raise ServerlessError(f'"{path.name}" must be a map', "INVALID_CONFIGURATION")
    _check_plugins(raw)
    given = dict(options or {})
    if stage:
        given["stage"] = stage
    if region:
        given["region"] = region
    resolver = Resolver(raw, filename=path.name, directory=directory, options=given, env=env,
                        account=hooks.account, cf_output=hooks.cf_output, ssm=hooks.ssm)
    config = resolver.resolve_all()
    provider = config.get("provider") or {}
    if not isinstance(provider, dict) or provider.get("name") != "aws":
        raise ServerlessError('not supported: provider.name other than "aws"')
    service = config.get("service")
    name = service.get("name") if isinstance(service, dict) else service
    if not name:
        raise ServerlessError(f'"service" is missing in {path.name}', "INVALID_CONFIGURATION")
    final_stage = str(given.get("stage") or provider.get("stage") or "dev")
    final_region = str(given.get("region") or provider.get("region") or "us-east-1")
    provider["stage"], provider["region"] = final_stage, final_region
    stack_name = provider.get("stackName")
    return ServerlessService(str(name), final_stage, final_region, directory.resolve(), config,
                             str(stack_name) if isinstance(stack_name, str) and stack_name
                             else f"{name}-{final_stage}", path.name)


def compile(service: ServerlessService, *, output_dir: Path,  # noqa: A001 - the brief's API
            timestamp_ms: int | None = None, install_dependencies: bool = True) -> Compiled:
    """Package the code into ``output_dir`` and build both templates."""
    build = Build(service.config, service.name, service.stage, service.region,
                  timestamp_ms=timestamp_ms if timestamp_ms is not None
                  else int(time.time() * 1000))
    output_dir.mkdir(parents=True, exist_ok=True)
    zips, layer_zips = package_artifacts(build, service.directory, service.config_file,
                                         output_dir, install_dependencies=install_dependencies)
    create, update = build_templates(build, zips, layer_zips)
    prefix = artifact_directory(build)
    extra = [package_custom_resources(output_dir)] if build.custom_resources else []
    artifacts: dict[Path, Artifact] = {}
    for zip_path, digest in [*zips.values(), *layer_zips.values(), *extra]:
        artifacts.setdefault(zip_path, Artifact(zip_path, f"{prefix}/{zip_path.name}", digest))
    functions = {}
    for key, (zip_path, _) in zips.items():
        props = update["Resources"][naming.function(key)]["Properties"]
        functions[key] = CompiledFunction(key, str(props["FunctionName"]), naming.function(key),
                                          artifacts[zip_path], str(props["Handler"]),
                                          str(props["Runtime"]))
    bucket = service.config["provider"].get("deploymentBucket")
    if isinstance(bucket, dict):
        bucket = bucket.get("name")
    tags = service.config["provider"].get("stackTags") or {}
    return Compiled(service, create, update, list(artifacts.values()), functions,
                    deployment_bucket=str(bucket) if bucket else None,
                    stack_tags={str(k): str(v) for k, v in tags.items()})
