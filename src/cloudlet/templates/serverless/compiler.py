"""serverless.yml (resolved) -> the two CloudFormation templates and the zips, in the
framework's order: core template, log groups, execution role, functions, versions,
destinations, layers, events, state machines, then the user's ``resources`` merged over the
result (lodash ``merge``: maps key by key, lists index by index), as ``serverless package``
does."""

from __future__ import annotations

import copy
import datetime
import hashlib
import shutil
from pathlib import Path
from typing import Any

from cloudlet.templates import packaging
from cloudlet.templates.serverless import naming
from cloudlet.templates.serverless.build import Build
from cloudlet.templates.serverless.errors import ServerlessError
from cloudlet.templates.serverless.events import (
    check_events,
    compile_cloudwatch_logs,
    compile_event_bridge,
    compile_s3,
    compile_schedules,
    compile_sns,
    compile_sqs,
    compile_streams,
)
from cloudlet.templates.serverless.function_urls import compile_url
from cloudlet.templates.serverless.functions import (
    bucket_ref,
    code_sha256,
    core_template,
    destinations,
    execution_role,
    export_outputs,
    function_resource,
    log_groups,
    role_needed,
    version_resource,
    versioned,
)
from cloudlet.templates.serverless.http_api import compile_http_api
from cloudlet.templates.serverless.rest_api import compile_rest_api
from cloudlet.templates.serverless.step_functions import compile_state_machines

EVENT_COMPILERS = (compile_schedules, compile_s3, compile_sns, compile_streams, compile_sqs,
                   compile_rest_api, compile_http_api, compile_event_bridge,
                   compile_cloudwatch_logs, compile_state_machines)
TEMPLATE_SECTIONS = ("Conditions", "Mappings", "Parameters", "Metadata", "Transform", "Rules")
# settings the framework compiles and cloudlet does not (yet): named, never dropped
UNSUPPORTED_FUNCTION_KEYS = {"provisionedConcurrency":
                             "provisioned concurrency", "snapStart": "SnapStart",
                             "fileSystemConfig": "EFS file systems", "alias": "function aliases"}
UNSUPPORTED_PROVIDER_KEYS = {"logs": "provider.logs (API Gateway access logs)",
                             "alb": "provider.alb", "cloudFront": "provider.cloudFront",
                             "ecr": "provider.ecr (container images)",
                             "websocketsApiName": "websocket APIs"}


def check_settings(build: Build) -> None:
    for key, name in UNSUPPORTED_PROVIDER_KEYS.items():
        if build.provider.get(key):
            raise ServerlessError(f"not supported: {name}")
    for function, fn in build.functions.items():
        for key, name in UNSUPPORTED_FUNCTION_KEYS.items():
            if fn.get(key):
                raise ServerlessError(f'not supported: {name} (function "{function}")')


def artifact_directory(build: Build) -> str:
    """``serverless/{service}/{stage}/{ms}-{ISO time}``, the framework's S3 prefix."""
    moment = datetime.datetime.fromtimestamp(build.timestamp_ms / 1000, datetime.UTC)
    iso = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{build.timestamp_ms % 1000:03d}Z"
    return f"serverless/{build.service}/{build.stage}/{build.timestamp_ms}-{iso}"


def package_artifacts(build: Build, directory: Path, config_file: str, output_dir: Path,
                      *, install_dependencies: bool = True
                      ) -> tuple[dict[str, tuple[Path, str]], dict[str, tuple[Path, str]]]:
    """Zips: (per function key, per layer key) -> (zip path, sha256 hex)."""
    package = build.config.get("package") or {}
    layers = build.config.get("layers") or {}
    layer_excludes = [f"{spec.get('path', '.')}/**" for spec in layers.values()]
    cache = directory / ".serverless" / "cache"   # excluded from packages by default
    base = [f"!{config_file}", *_inside(output_dir, directory),
            *[f"!{p}" for p in package.get("exclude") or []],
            *[f"!{p}" for p in layer_excludes], *(package.get("include") or []),
            *(package.get("patterns") or [])]
    runtime = build.provider.get("runtime")
    shared: tuple[Path, str] | None = None
    functions: dict[str, tuple[Path, str]] = {}
    for key, fn in build.functions.items():
        own = fn.get("package") or {}
        artifact = own.get("artifact") or (None if own.get("individually") is False
                                           else package.get("artifact"))
        if artifact:
            functions[key] = _given_artifact(directory / artifact, output_dir)
        elif package.get("individually") or own.get("individually"):
            patterns = [*base, *(own.get("patterns") or []), *(own.get("include") or [])]
            functions[key] = packaging.package_directory(
                directory, output_dir / f"{key}.zip", patterns=patterns,
                runtime=fn.get("runtime") or runtime,
                install_dependencies=install_dependencies,
                cache_dir=cache)
        else:
            if shared is None:
                shared = packaging.package_directory(
                    directory, output_dir / f"{build.service}.zip", patterns=base,
                    runtime=runtime, install_dependencies=install_dependencies,
                    cache_dir=cache)
            functions[key] = shared
    layer_zips: dict[str, tuple[Path, str]] = {}
    for key, spec in layers.items():
        if spec.get("package", {}).get("artifact"):
            layer_zips[key] = _given_artifact(directory / spec["package"]["artifact"], output_dir)
            continue
        layer_zips[key] = packaging.package_directory(
            directory / str(spec.get("path", ".")), output_dir / f"{key}.zip",
            patterns=list((spec.get("package") or {}).get("patterns") or []),
            install_dependencies=False)
    return functions, layer_zips


def _inside(output_dir: Path, directory: Path) -> list[str]:
    """An output folder inside the service is never packaged (``cloudlet package -o dist``)."""
    try:
        relative = output_dir.resolve().relative_to(directory.resolve())
    except ValueError:
        return []
    return [f"!{relative.as_posix()}/**"] if relative.parts else []


def _given_artifact(path: Path, output_dir: Path) -> tuple[Path, str]:
    if not path.exists():
        raise ServerlessError(f'No such artifact "{path}"', "PACKAGE_ARTIFACT_NOT_FOUND")
    target = output_dir / path.name
    if target.resolve() != path.resolve():
        output_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return target, hashlib.sha256(target.read_bytes()).hexdigest()


def compile_layers(build: Build, zips: dict[str, tuple[Path, str]], prefix: str) -> None:
    for key, spec in (build.config.get("layers") or {}).items():
        logical = naming.layer(key)
        props: dict[str, Any] = {
            "Content": {"S3Bucket": bucket_ref(build), "S3Key": f"{prefix}/{zips[key][0].name}"},
            "LayerName": spec.get("name") or key}
        for option, field_name in (("description", "Description"),
                                   ("compatibleRuntimes", "CompatibleRuntimes"),
                                   ("compatibleArchitectures", "CompatibleArchitectures"),
                                   ("licenseInfo", "LicenseInfo")):
            if spec.get(option):
                props[field_name] = spec[option]
        resource: dict[str, Any] = {"Type": "AWS::Lambda::LayerVersion", "Properties": props}
        if spec.get("retain"):
            resource["DeletionPolicy"] = "Retain"
        build.add(logical, resource)
        build.layer_code[logical] = (key, code_sha256(zips[key][1]), str(zips[key][0]))
        build.outputs[f"{logical}QualifiedArn"] = {
            "Description": "Current Lambda layer version", "Value": {"Ref": logical}}
        build.outputs[f"{logical}Hash"] = {"Description": "Current Lambda layer hash",
                                           "Value": code_sha256(zips[key][1])}
        build.outputs[f"{logical}S3Key"] = {"Description": "Current Lambda layer S3Key",
                                            "Value": props["Content"]["S3Key"]}


def build_templates(build: Build, zips: dict[str, tuple[Path, str]],
                    layer_zips: dict[str, tuple[Path, str]]
                    ) -> tuple[dict[str, Any], dict[str, Any]]:
    """(create template, update template) for a Build whose code is packaged."""
    check_events(build)
    check_settings(build)
    create = core_template(build)
    update = copy.deepcopy(create)
    build.resources = update["Resources"]
    prefix = build.artifact_prefix = artifact_directory(build)
    compile_layers(build, layer_zips, prefix)
    log_groups(build)
    if role_needed(build):
        build.add(naming.ROLE, execution_role(build))
    for key in build.functions:
        build.add(naming.function(key),
                  function_resource(build, key, f"{prefix}/{zips[key][0].name}"))
    for key in build.functions:
        if versioned(build, key):
            version_resource(build, key, code_sha256(zips[key][1]))
        compile_url(build, key)
        destinations(build, key)
    for compile_events in EVENT_COMPILERS:
        compile_events(build)
    if naming.ROLE in build.resources:
        statements = build.resources[naming.ROLE]["Properties"]["Policies"][0][
            "PolicyDocument"]["Statement"]
        statements += [s for s in build.role_statements if s not in statements]
    outputs = {"ServerlessDeploymentBucketName": update["Outputs"][
        "ServerlessDeploymentBucketName"], **build.outputs}
    export_outputs(build, outputs)
    update["Outputs"] = outputs
    _merge_resources(build, update)
    return create, _strip_nulls(update)


def _merge_resources(build: Build, template: dict[str, Any]) -> None:
    """``resources:`` (one map or a list of maps) merged over the compiled template."""
    given = build.config.get("resources") or {}
    for part in given if isinstance(given, list) else [given]:
        if not isinstance(part, dict):
            raise ServerlessError("resources must be a map (or a list of maps) of template "
                                  "sections")
        for section, value in part.items():
            if section in ("Resources", "Outputs", *TEMPLATE_SECTIONS):
                template[section] = _lodash_merge(template.get(section, {}), value)
            elif section in ("Description", "AWSTemplateFormatVersion"):
                template[section] = value
            else:
                raise ServerlessError(f'not supported: "resources.{section}"')


def _lodash_merge(target: Any, source: Any) -> Any:
    if isinstance(target, dict) and isinstance(source, dict):
        merged = dict(target)
        for key, value in source.items():
            merged[key] = _lodash_merge(target[key], value) if key in target else copy.deepcopy(
                value)
        return merged
    if isinstance(target, list) and isinstance(source, list):
        merged_list = list(target)
        for index, value in enumerate(source):
            if index < len(merged_list):
                merged_list[index] = _lodash_merge(merged_list[index], value)
            else:
                merged_list.append(copy.deepcopy(value))
        return merged_list
    return copy.deepcopy(source)


def _without_nulls(value: Any) -> Any:
    """Maps without their None members, at every depth (the framework's ``undefined``
    members, which its JSON output drops)."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _strip_nulls(template: dict[str, Any]) -> dict[str, Any]:
    for resource in template.get("Resources", {}).values():
        if isinstance(resource, dict) and isinstance(resource.get("Properties"), dict):
            resource["Properties"] = _without_nulls(resource["Properties"])
        if isinstance(resource, dict) and resource.get("DependsOn") in (None, []):
            resource.pop("DependsOn", None)
    return template
