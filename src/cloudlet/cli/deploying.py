"""The deployment library the commands use: deploy a project, update function code only,
describe it, remove it.

Two flows, as the tools they stand in for:

- serverless.yml (the Serverless Framework's ``deploy``): compile; create the stack with
  the create template (the deployment bucket only) when it is absent; compare the new
  deployment with the last one uploaded (the update template with artifact keys and
  timestamps normalized, plus every zip's SHA-256, kept as metadata of the uploaded
  ``compiled-cloudformation-template.json``) and stop with "No changes to deploy" when they
  match and the stack is healthy; otherwise upload the artifacts and the template to
  ``serverless/{service}/{stage}/{timestamp}-{iso time}/`` in ServerlessDeploymentBucket
  and UpdateStack.
- SAM / CloudFormation templates (``sam deploy`` / ``aws cloudformation deploy``):
  package local code into ``cloudlet-deployments-{account}-{region}``, then a change set
  (CREATE or UPDATE), executed unless it holds no changes.

A stack left in ROLLBACK_COMPLETE by a failed create cannot be updated; it is deleted and
created again (the framework does the same).
"""

from __future__ import annotations

import base64
import hashlib
import json
import posixpath
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from cloudlet.cli import artifacts, deploy_state, template_files
from cloudlet.cli.cloud import Cloud
from cloudlet.cli.project import Project
from cloudlet.cli.stacks import GOOD, DeployError, Stacks, empty_bucket, ensure_bucket, upload_once
from cloudlet.cli.summary import Summary, summarize

if TYPE_CHECKING:
    from cloudlet.templates.serverless import Compiled

FINGERPRINT = "cloudlet-fingerprint"  # S3 object metadata key (x-amz-meta-...)
TEMPLATE_OBJECT = "compiled-cloudformation-template.json"


@dataclass
class Outcome:
    """What a deploy did: ``changed`` False for "No changes to deploy"."""

    changed: bool
    summary: Summary
    seconds: float


@dataclass(frozen=True)
class FunctionPackage:
    """A function's code as built now: its deployed name and zip."""

    key: str          # the serverless.yml key, or the template's logical id
    name: str         # the deployed function name
    path: Path
    sha256: str       # hex

    @property
    def code_sha256(self) -> str:
        """As Lambda reports CodeSha256: base64 of the digest."""
        return base64.b64encode(bytes.fromhex(self.sha256)).decode()


def deployment_bucket_name(cloud: Cloud) -> str:
    return f"cloudlet-deployments-{cloud.account}-{cloud.region}"


def serverless_hooks(cloud: Cloud) -> Any:
    """What serverless.yml variables need from the running cloudlet (``${cf:...}``,
    ``${ssm:...}``, ``${aws:accountId}``)."""
    from botocore.exceptions import ClientError

    from cloudlet.templates.serverless import Hooks

    def cf_output(stack: str, key: str) -> str | None:
        try:
            stacks = cloud.client("cloudformation").describe_stacks(StackName=stack)["Stacks"]
        except ClientError:
            return None
        outputs = {o["OutputKey"]: o["OutputValue"] for o in stacks[0].get("Outputs", [])}
        return outputs.get(key)

    def ssm(name: str, decrypt: bool) -> str | None:
        try:
            out = cloud.client("ssm").get_parameter(Name=name, WithDecryption=decrypt)
        except ClientError:
            return None
        return str(out["Parameter"]["Value"])

    return Hooks(cf_output=cf_output, ssm=ssm, account=cloud.account)


class Deployment:
    """One project against one cloudlet."""

    def __init__(self, cloud: Cloud, project: Project, console: Console) -> None:
        self.cloud = cloud
        self.project = project
        self.console = console
        self.stacks = Stacks(cloud, console)
        self.work_dir = project.directory / ".cloudlet-build" if project.kind != "serverless" \
            else project.directory / ".serverless"
        self._compiled: Compiled | None = None
        self._existing: dict[str, Any] | None = None

    # -- deploy -----------------------------------------------------------------------

    def deploy(self) -> Outcome:
        began = time.perf_counter()
        fingerprint = None
        if self.project.kind == "serverless":
            compiled, stamp, fingerprint = self._compile_serverless()
            skipped = deploy_state.unchanged(self.work_dir, self.cloud,
                                             self.project.stack_name, fingerprint)
            if skipped is not None:
                return Outcome(False, skipped, time.perf_counter() - began)
            deploy_state.forget(self.work_dir)
            description = self._deploy_serverless(compiled, stamp, fingerprint)
        else:
            description = self._deploy_template()
        changed = description is not None
        if description is None:  # unchanged: the stack as described before
            description = self._existing or self.stacks.describe(self.project.stack_name) or {}
        summary = self.summary(description)
        if fingerprint is not None and description.get("StackStatus") in GOOD:
            deploy_state.save(self.work_dir, self.cloud, fingerprint, description, summary)
        return Outcome(changed, summary, time.perf_counter() - began)

    def _clear_failed_create(self) -> dict[str, Any] | None:
        existing = self.stacks.describe(self.project.stack_name)
        if existing is not None and existing["StackStatus"] == "ROLLBACK_COMPLETE":
            self.console.print(f"stack {self.project.stack_name} is ROLLBACK_COMPLETE after a "
                               "failed create: removing it first")
            self.stacks.delete(existing)
            existing = None
        self._existing = existing
        return existing

    def _deploy_template(self) -> dict[str, Any] | None:
        project = self.project
        assert project.template is not None
        bucket = ensure_bucket(self.cloud, deployment_bucket_name(self.cloud))
        template = artifacts.package_template(project.template, project.directory,
                                              self.work_dir, self._uploader(bucket),
                                              cache_dir=self.work_dir / "cache")
        body = project.file.read_text() if template is project.template \
            else template_files.dump(template)
        existing = self._clear_failed_create()
        parameters = self._parameters(template, existing)
        args = self.stacks.template_args(body, bucket, f"{project.stack_name}/template.json")
        return self.stacks.deploy_change_set(project.stack_name, existing, args, parameters,
                                             total=_resource_count(template))

    def _uploader(self, bucket: str) -> artifacts.Upload:
        prefix = self.project.stack_name

        def upload(path: Path, sha: str) -> tuple[str | None, str, str]:
            key = f"{prefix}/{sha}{path.suffix}"
            upload_once(self.cloud, bucket, path, key)
            return bucket, key, self.cloud.object_url(bucket, key)

        return upload

    def _parameters(self, template: dict[str, Any],
                    existing: dict[str, Any] | None) -> list[dict[str, Any]]:
        """``--param`` values for the template's parameters; on an existing stack the
        others keep their previous values (``aws cloudformation deploy``)."""
        declared = template.get("Parameters") or {}
        unknown = sorted(set(self.project.params) - set(declared))
        if unknown:
            raise DeployError(f"Parameters: {unknown} do not exist in the template")
        previous = {p["ParameterKey"] for p in (existing or {}).get("Parameters", [])}
        out: list[dict[str, Any]] = []
        for key in declared:
            if key in self.project.params:
                out.append({"ParameterKey": key, "ParameterValue": self.project.params[key]})
            elif key in previous:
                out.append({"ParameterKey": key, "UsePreviousValue": True})
        return out

    # -- serverless ---------------------------------------------------------------------

    def compile(self, timestamp_ms: int | None = None) -> Compiled:
        from cloudlet.templates.serverless import compile as compile_service

        assert self.project.service is not None
        _exclude_cloudlet_dirs(self.project.service.config)
        self._compiled = compile_service(self.project.service, output_dir=self.work_dir,
                                         timestamp_ms=timestamp_ms)
        return self._compiled

    def _compile_serverless(self) -> tuple[Compiled, int, str]:
        """The compiled service (and the ``.serverless`` files), its timestamp and its
        fingerprint."""
        stamp = int(time.time() * 1000)
        compiled = self.compile(stamp)
        write_serverless_dir(compiled, self.work_dir)
        return compiled, stamp, _fingerprint(compiled, stamp)

    def _deploy_serverless(self, compiled: Compiled, stamp: int,
                           fingerprint: str) -> dict[str, Any] | None:
        service = self.project.service
        assert service is not None
        existing = self._clear_failed_create()
        if existing is None:
            create = template_files.dump(compiled.create_template)
            existing = self.stacks.create(self.project.stack_name, {"TemplateBody": create},
                                          total=_resource_count(compiled.create_template))
        bucket = self._serverless_bucket(compiled)
        prefix = f"serverless/{service.name}/{service.stage}"
        if existing["StackStatus"] in GOOD and self._last_fingerprint(bucket, prefix) \
                == fingerprint:
            return None
        directory = posixpath.dirname(compiled.artifacts[0].key) if compiled.artifacts \
            else f"{prefix}/{stamp}-{_iso(stamp)}"
        s3 = self.cloud.client("s3")
        for artifact in compiled.artifacts:
            s3.put_object(Bucket=bucket, Key=artifact.key, Body=artifact.path.read_bytes(),
                          Metadata={"filesha256": artifact.sha256})
        body = template_files.dump(compiled.update_template)
        key = f"{directory}/{TEMPLATE_OBJECT}"
        s3.put_object(Bucket=bucket, Key=key, Body=body.encode(),
                      Metadata={FINGERPRINT: fingerprint})
        return self.stacks.update(existing, {"TemplateURL": self.cloud.object_url(bucket, key)},
                                  total=_resource_count(compiled.update_template))

    def _serverless_bucket(self, compiled: Compiled) -> str:
        configured = (compiled.service.config.get("provider") or {}).get("deploymentBucket")
        if isinstance(configured, dict):
            configured = configured.get("name")
        if isinstance(configured, str) and configured:
            return ensure_bucket(self.cloud, configured)
        physical = self.stacks.physical_id(self.project.stack_name, compiled.bucket_logical_id)
        if physical is None:
            raise DeployError(f"stack {self.project.stack_name} has no "
                              f"{compiled.bucket_logical_id}")
        return physical

    def _last_fingerprint(self, bucket: str, prefix: str) -> str | None:
        from botocore.exceptions import ClientError

        s3 = self.cloud.client("s3")
        try:
            listed = s3.list_objects_v2(Bucket=bucket, Prefix=prefix + "/")
        except ClientError:
            return None
        keys = sorted(o["Key"] for o in listed.get("Contents", [])
                      if o["Key"].endswith("/" + TEMPLATE_OBJECT))
        if not keys:
            return None
        head = s3.head_object(Bucket=bucket, Key=keys[-1])
        value = head.get("Metadata", {}).get(FINGERPRINT)
        return str(value) if value else None

    # -- code only ----------------------------------------------------------------------

    def function_packages(self) -> dict[str, FunctionPackage]:
        """Every function's code as it is on disk now, by key (serverless.yml key or the
        template's logical id)."""
        if self.project.kind == "serverless":
            compiled = self.compile()
            return {key: FunctionPackage(key, f.function_name, f.artifact.path,
                                         f.artifact.sha256)
                    for key, f in compiled.functions.items()}
        assert self.project.template is not None
        packages: dict[str, FunctionPackage] = {}
        self.work_dir.mkdir(parents=True, exist_ok=True)
        built: dict[Path, artifacts.Built] = {}
        for logical_id, code in artifacts.function_code(self.project.template,
                                                        self.project.directory).items():
            name = self.stacks.physical_id(self.project.stack_name, logical_id)
            if name is None:
                continue
            if code.path not in built:
                built[code.path] = artifacts.build(code, self.work_dir, self.work_dir / "cache")
            done = built[code.path]
            packages[logical_id] = FunctionPackage(logical_id, name, done.path, done.sha256)
        return packages

    def update_code(self, keys: set[str] | None = None,
                    known: dict[str, str] | None = None) -> list[tuple[FunctionPackage, bool]]:
        """UpdateFunctionCode for each function (``keys``: only those) whose code differs
        from the deployed one (``known``: name -> CodeSha256 already seen, updated here);
        answers ``(package, updated)`` pairs."""
        packages = self.function_packages()
        if keys is not None:
            missing = sorted(keys - set(packages))
            if missing:
                raise DeployError(f"no function {', '.join(missing)} in {self.project.file.name}"
                                  f" (functions: {', '.join(sorted(packages)) or 'none'})")
            packages = {k: v for k, v in packages.items() if k in keys}
        lam = self.cloud.client("lambda")
        known = {} if known is None else known
        results: list[tuple[FunctionPackage, bool]] = []
        for package in packages.values():
            current = known.get(package.name)
            if current is None:
                current = lam.get_function(FunctionName=package.name)["Configuration"][
                    "CodeSha256"]
            if current == package.code_sha256:
                results.append((package, False))
                continue
            out = lam.update_function_code(FunctionName=package.name,
                                           ZipFile=package.path.read_bytes())
            # As ``sls deploy function``: done when the update is (LastUpdateStatus).
            lam.get_waiter("function_updated_v2").wait(
                FunctionName=package.name, WaiterConfig={"Delay": 0.02, "MaxAttempts": 3000})
            known[package.name] = out.get("CodeSha256", package.code_sha256)
            results.append((package, True))
        return results

    # -- info / remove ------------------------------------------------------------------

    def summary(self, description: dict[str, Any] | None = None) -> Summary:
        description = description or self.stacks.describe(self.project.stack_name)
        if not description:
            raise DeployError(f"Stack with id {self.project.stack_name} does not exist")
        service = self.project.service
        functions = None
        if service is not None:
            functions = {key: function_name(service, key)
                         for key in (service.config.get("functions") or {})}
        return summarize(self.cloud, description, functions=functions,
                         service=service.name if service else None,
                         stage=service.stage if service else None)

    def remove(self) -> None:
        existing = self.stacks.describe(self.project.stack_name)
        if existing is None:
            raise DeployError(f"Stack with id {self.project.stack_name} does not exist")
        service = self.project.service
        if service is not None:
            bucket = self.stacks.physical_id(self.project.stack_name,
                                             "ServerlessDeploymentBucket")
            if bucket:
                empty_bucket(self.cloud, bucket)
        self.stacks.delete(existing)


def function_name(service: Any, key: str) -> str:
    """The deployed name of a serverless.yml function: its ``name``, else
    ``{service}-{stage}-{key}`` (the framework's naming.getLambdaName)."""
    config = (service.config.get("functions") or {}).get(key) or {}
    name = config.get("name") if isinstance(config, dict) else None
    return str(name) if name else f"{service.name}-{service.stage}-{key}"


def write_serverless_dir(compiled: Compiled, directory: Path) -> None:
    """The framework's ``.serverless`` files beside the zips compile wrote."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, template in (("cloudformation-template-create-stack.json",
                            compiled.create_template),
                           ("cloudformation-template-update-stack.json",
                            compiled.update_template)):
        (directory / name).write_text(template_files.dump(template))
    service = compiled.service
    state = {"service": {"service": service.name, "provider": {"stage": service.stage,
                                                               "region": service.region}},
             "package": {"artifactDirectoryName": posixpath.dirname(compiled.artifacts[0].key)
                         if compiled.artifacts else None,
                         "artifacts": [a.path.name for a in compiled.artifacts]}}
    (directory / "serverless-state.json").write_text(json.dumps(state, indent=2))


def _exclude_cloudlet_dirs(config: dict[str, Any]) -> None:
    """Keep cloudlet's own folders (``up``'s data, build output) out of the packages, as
    the framework's default excludes keep ``.serverless`` out."""
    package = config.setdefault("package", {})
    if not isinstance(package, dict):
        return
    patterns = package.setdefault("patterns", [])
    if isinstance(patterns, list):
        patterns.extend(p for p in artifacts.CLOUDLET_EXCLUDES if p not in patterns)


def _fingerprint(compiled: Compiled, stamp: int) -> str:
    """A hash of the deployment that ignores what changes on every compile: artifact
    keys (their folder is named by time) become the zips' hashes, the timestamp a
    placeholder."""
    text = json.dumps(compiled.update_template, sort_keys=True, default=str)
    for artifact in compiled.artifacts:
        text = text.replace(artifact.key, artifact.sha256)
    text = re.sub(re.escape(str(stamp)), "TIMESTAMP", text)
    digest = hashlib.sha256(text.encode())
    for artifact in sorted(compiled.artifacts, key=lambda a: a.key):
        digest.update(artifact.sha256.encode())
    return digest.hexdigest()


def _iso(stamp: int) -> str:
    return datetime.fromtimestamp(stamp / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _resource_count(template: dict[str, Any]) -> int:
    resources = template.get("Resources") or {}
    return len(resources) if isinstance(resources, dict) else 1
