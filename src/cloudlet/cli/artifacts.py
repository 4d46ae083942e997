"""Local code in SAM and CloudFormation templates, packaged as ``sam package`` and
``aws cloudformation package`` do.

A property that names a local path (relative to the template's folder) is replaced by
the S3 location of what it names, uploaded to the deployment bucket: a folder of code is
zipped (``cloudlet.templates.packaging.package_directory``: deterministic bytes, so
unchanged code has the same hash and is not uploaded twice), a file is uploaded as it is.
Keys are content hashes, as the AWS tools name them (they use MD5; we use SHA-256).

The properties (aws-cli ``artifact_exporter.py`` and SAM's ``packageable_resources``):
SAM ``CodeUri``/``ContentUri``/``DefinitionUri`` (and ``Globals.Function.CodeUri``) become
``s3://bucket/key``; ``AWS::Lambda::Function`` ``Code`` and ``LayerVersion`` ``Content``
become ``{S3Bucket, S3Key}``; ``BodyS3Location``/``DefinitionS3Location`` become
``{Bucket, Key}``; a nested stack's local ``TemplateURL`` is packaged in turn and becomes
the object's URL.
"""

from __future__ import annotations

import copy
import hashlib
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from cloudlet.cli import template_files

Shape = Literal["uri", "code", "bucket_key", "url"]

# type -> (property, how its S3 location is written, whether a folder is zipped)
PACKAGEABLE: dict[str, tuple[str, Shape, bool]] = {
    "AWS::Serverless::Function": ("CodeUri", "uri", True),
    "AWS::Serverless::LayerVersion": ("ContentUri", "uri", True),
    "AWS::Serverless::Api": ("DefinitionUri", "uri", False),
    "AWS::Serverless::HttpApi": ("DefinitionUri", "uri", False),
    "AWS::Serverless::StateMachine": ("DefinitionUri", "uri", False),
    "AWS::Lambda::Function": ("Code", "code", True),
    "AWS::Lambda::LayerVersion": ("Content", "code", True),
    "AWS::ApiGateway::RestApi": ("BodyS3Location", "bucket_key", False),
    "AWS::ApiGatewayV2::Api": ("BodyS3Location", "bucket_key", False),
    "AWS::StepFunctions::StateMachine": ("DefinitionS3Location", "bucket_key", False),
    "AWS::CloudFormation::Stack": ("TemplateURL", "url", False),
    "AWS::Serverless::Application": ("Location", "url", False),
}
# SAM's build folder beside the code: never packaged ("!" patterns; cloudlet's own
# folders are in packaging.DEFAULT_EXCLUDES).
CLOUDLET_EXCLUDES = ("!.aws-sam/**",)
GLOBALS = "Globals"  # the pseudo logical id of Globals.Function.CodeUri
FUNCTION_TYPES = ("AWS::Serverless::Function", "AWS::Lambda::Function")


@dataclass(frozen=True)
class LocalCode:
    """A property naming a local path."""

    logical_id: str
    resource_type: str
    prop: str
    path: Path
    runtime: str | None

    @property
    def zipped(self) -> bool:
        return PACKAGEABLE[self.resource_type][2] and self.path.is_dir()


@dataclass(frozen=True)
class Built:
    """A packaged artifact: the file to upload and its SHA-256 (hex)."""

    path: Path
    sha256: str


def _is_local(value: Any) -> bool:
    if not isinstance(value, str) or not value:
        return False
    scheme = urllib.parse.urlsplit(value).scheme
    return scheme in ("", "file")


def find_local_code(template: dict[str, Any], base: Path) -> list[LocalCode]:
    """Every packageable property of ``template`` that names a local path."""
    found: list[LocalCode] = []
    function_globals = (template.get("Globals") or {}).get("Function") or {}
    resources = template.get("Resources") or {}
    default_runtime = function_globals.get("Runtime")
    if _is_local(function_globals.get("CodeUri")):
        found.append(LocalCode(GLOBALS, "AWS::Serverless::Function", "CodeUri",
                               _resolve(base, function_globals["CodeUri"]), default_runtime))
    for logical_id, resource in resources.items():
        if not isinstance(resource, dict) or resource.get("Type") not in PACKAGEABLE:
            continue
        kind = resource["Type"]
        prop = PACKAGEABLE[kind][0]
        properties = resource.get("Properties") or {}
        value = properties.get(prop)
        if properties.get("PackageType") == "Image" or properties.get("InlineCode"):
            continue
        if _is_local(value):
            runtime = properties.get("Runtime", default_runtime)
            found.append(LocalCode(logical_id, kind, prop, _resolve(base, str(value)),
                                   runtime if isinstance(runtime, str) else None))
    for code in found:
        if not code.path.exists():
            raise FileNotFoundError(f"{code.logical_id}.{code.prop}: no such file or folder "
                                    f"{code.path}")
    return found


def _resolve(base: Path, value: str) -> Path:
    if value.startswith("file://"):
        value = urllib.parse.urlsplit(value).path
    return (base / value).resolve()


def build(code: LocalCode, output: Path, cache_dir: Path | None = None) -> Built:
    """Zip a folder of code (or take a file as it is) into ``output``."""
    if code.path.is_dir() and not PACKAGEABLE[code.resource_type][2]:
        raise ValueError(f"{code.logical_id}.{code.prop}: {code.path} is a folder, not a file")
    if code.zipped:
        from cloudlet.templates.packaging import package_directory

        target = output / f"{code.logical_id}.zip"
        path, sha = package_directory(code.path, target, runtime=code.runtime,
                                      patterns=CLOUDLET_EXCLUDES, cache_dir=cache_dir)
        return Built(path, sha)
    return Built(code.path, hashlib.sha256(code.path.read_bytes()).hexdigest())


def location(code: LocalCode, bucket: str | None, key: str, url: str) -> Any:
    """The value that replaces the local path, in the property's own shape (no bucket:
    ``key`` is a path relative to the packaged template, kept as a path)."""
    shape = PACKAGEABLE[code.resource_type][1]
    if bucket is None:
        return key
    if shape == "uri":
        return f"s3://{bucket}/{key}"
    if shape == "code":
        return {"S3Bucket": bucket, "S3Key": key}
    if shape == "bucket_key":
        return {"Bucket": bucket, "Key": key}
    return url


def rewrite(template: dict[str, Any], values: dict[LocalCode, Any]) -> dict[str, Any]:
    """A copy of ``template`` with each local path replaced by its new value."""
    out = copy.deepcopy(template)
    for code, value in values.items():
        if code.logical_id == GLOBALS:
            out["Globals"]["Function"][code.prop] = value
        else:
            out["Resources"][code.logical_id]["Properties"][code.prop] = value
    return out


# (file, sha) -> (bucket, key, url); bucket None: not uploaded, key a relative path
Upload = Callable[[Path, str], tuple[str | None, str, str]]


def package_template(template: dict[str, Any], base: Path, output: Path, upload: Upload,
                     cache_dir: Path | None = None) -> dict[str, Any]:
    """``template`` with every local path packaged and uploaded by ``upload``; nested
    stacks' local templates are packaged first, then uploaded as JSON."""
    values: dict[LocalCode, Any] = {}
    output.mkdir(parents=True, exist_ok=True)
    for code in find_local_code(template, base):
        if PACKAGEABLE[code.resource_type][1] == "url" and code.path.is_file():
            nested = package_template(template_files.load(code.path), code.path.parent,
                                      output, upload, cache_dir)
            text = template_files.dump(nested).encode()
            sha = hashlib.sha256(text).hexdigest()
            path = output / f"{code.logical_id}.template.json"
            path.write_bytes(text)
            built = Built(path, sha)
        else:
            built = build(code, output, cache_dir)
        bucket, key, url = upload(built.path, built.sha256)
        values[code] = location(code, bucket, key, url)
    return rewrite(template, values) if values else template


def function_code(template: dict[str, Any], base: Path) -> dict[str, LocalCode]:
    """The local code of each function, by the function's logical id (a SAM function
    without its own ``CodeUri`` takes ``Globals``')."""
    codes = find_local_code(template, base)
    shared = next((c for c in codes if c.logical_id == GLOBALS), None)
    by_id = {c.logical_id: c for c in codes if c.resource_type in FUNCTION_TYPES
             and c.logical_id != GLOBALS and c.zipped}
    if shared is not None:
        for logical_id, resource in (template.get("Resources") or {}).items():
            if resource.get("Type") == "AWS::Serverless::Function" and logical_id not in by_id \
                    and "CodeUri" not in (resource.get("Properties") or {}):
                runtime = (resource.get("Properties") or {}).get("Runtime", shared.runtime)
                by_id[logical_id] = LocalCode(logical_id, shared.resource_type, "CodeUri",
                                              shared.path, runtime)
    return by_id
