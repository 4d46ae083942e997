"""Lambda resources: Function, Permission, Version, Alias, EventSourceMapping,
LayerVersion and EventInvokeConfig.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html
- ``Code.ZipFile`` (inline source) is packaged as ``index.py`` (Python runtimes) or
  ``index.js`` (Node.js), with the ``cfnresponse`` (Python) / ``cfn-response`` (Node.js)
  module beside it, as CloudFormation packages inline code; ``Code.S3Bucket``/``S3Key``
  (and ``S3ObjectVersion``) are read from cloudlet's S3 and uploaded as the package;
  ``Code.ImageUri`` is not supported. Packages are built byte for byte the same from the
  same source, so an unchanged template leaves the code alone.
- ``Ref`` is the function name, ``Fn::GetAtt Arn`` its ARN; the resource is complete once
  the function is ``Active``. A generated name is ``{stack}-{logical id}-{suffix}`` (64).
- In place: code (UpdateFunctionCode, with Architectures), configuration
  (UpdateFunctionConfiguration: a removed member goes back to Lambda's default), Tags,
  ReservedConcurrentExecutions (Put/DeleteFunctionConcurrency). A new FunctionName
  replaces the function. VpcConfig is kept as data (cloudlet has no VPCs).
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-permission.html
- ``Ref`` is the statement id, generated as ``{stack}-{logical id}-{suffix}``; every
  change replaces the statement.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-version.html
- PublishVersion; ``Ref`` and ``FunctionArn`` are the version's ARN, ``Version`` its
  number. Versions are immutable: a changed CodeSha256 or Description replaces (publishes
  anew); delete removes that version. ProvisionedConcurrencyConfig is kept as data.
- Alias: ``Ref`` and ``AliasArn`` are the alias ARN; RoutingConfig weights are applied,
  ProvisionedConcurrencyConfig is kept as data. EventSourceMapping: ``Ref`` and ``Id`` are
  the UUID. LayerVersion: ``Ref`` is the layer version ARN. EventInvokeConfig: ``Ref`` is
  ``FUNCTION|QUALIFIER``.

AWS::Lambda::Url is in ``lambda_urls.py``.

LIMITATIONS: AWS::Lambda::LayerVersionPermission is not registered (cloudlet's Lambda has
no layer permissions), so the engine refuses it as not supported.
"""

from __future__ import annotations

import asyncio
import io
import json
import time
import zipfile
from typing import Any

from cloudlet.cloudformation.providers.base import (
    POLL_S,
    WAIT_LIMIT_S,
    Outcome,
    Provider,
    ProviderError,
    ResourceContext,
    given,
    ignore_missing,
    provider,
    settled,
    unless_missing,
)
from cloudlet.cloudformation.providers.tagging import (
    resource_tags,
    tag_changes,
    tag_list_to_map,
)
from cloudlet.server.errors import ServiceError

# -- packages ------------------------------------------------------------------------

# The module AWS adds beside inline Python code: ``cfnresponse.send`` PUTs the custom
# resource's answer to its pre-signed ResponseURL (our own implementation of its contract:
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-lambda-function-code-cfnresponsemodule.html).
CFNRESPONSE_PY = '''\
"""Answer a CloudFormation custom resource request (send, SUCCESS, FAILED)."""
import json
import urllib.request

SUCCESS = "SUCCESS"
FAILED = "FAILED"


def send(event, context, responseStatus, responseData, physicalResourceId=None,
         noEcho=False, reason=None):
    body = json.dumps({
        "Status": responseStatus,
        "Reason": reason or ("See the details in CloudWatch Log Stream: "
                             + context.log_stream_name),
        "PhysicalResourceId": physicalResourceId or context.log_stream_name,
        "StackId": event["StackId"],
        "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"],
        "NoEcho": noEcho,
        "Data": responseData,
    }).encode()
    print("Response body:", body.decode())
    request = urllib.request.Request(event["ResponseURL"], data=body, method="PUT",
                                     headers={"Content-Type": "",
                                              "Content-Length": str(len(body))})
    try:
        with urllib.request.urlopen(request) as response:
            print("Status code:", response.status)
    except Exception as error:
        print("send(..) failed executing http.request(..):", error)
'''

# The Node.js counterpart, ``require('cfn-response')``; it ends the invocation with
# ``context.done()`` as AWS's does, and also returns a promise for async handlers.
CFN_RESPONSE_JS = '''\
"use strict";
exports.SUCCESS = "SUCCESS";
exports.FAILED = "FAILED";
exports.send = function (event, context, responseStatus, responseData, physicalResourceId,
                         noEcho) {
  return new Promise((resolve) => {
    const body = JSON.stringify({
      Status: responseStatus,
      Reason: "See the details in CloudWatch Log Stream: " + context.logStreamName,
      PhysicalResourceId: physicalResourceId || context.logStreamName,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
      NoEcho: noEcho || false,
      Data: responseData,
    });
    console.log("Response body:\\n", body);
    const url = new URL(event.ResponseURL);
    const client = require(url.protocol === "http:" ? "http" : "https");
    const finish = () => {
      if (typeof context.done === "function") context.done();
      resolve();
    };
    const request = client.request(url, {
      method: "PUT",
      headers: {"content-type": "", "content-length": Buffer.byteLength(body)},
    }, (response) => {
      console.log("Status code: " + response.statusCode);
      response.resume();
      finish();
    });
    request.on("error", (error) => {
      console.log("send(..) failed executing https.request(..): " + error);
      finish();
    });
    request.write(body);
    request.end();
  });
};
'''


def deterministic_zip(files: dict[str, str | bytes]) -> bytes:
    """A zip of ``files`` with fixed timestamps and modes: the same input, the same bytes
    (and so the same CodeSha256)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            data = files[name]
            archive.writestr(info, data.encode() if isinstance(data, str) else data)
    return buffer.getvalue()


def inline_package(source: str, runtime: str | None) -> bytes:
    """Inline ``ZipFile`` source as CloudFormation packages it for ``runtime``."""
    if runtime and runtime.startswith("python"):
        return deterministic_zip({"index.py": source, "cfnresponse.py": CFNRESPONSE_PY})
    if runtime and runtime.startswith("nodejs"):
        return deterministic_zip({"index.js": source,
                                  "node_modules/cfn-response/index.js": CFN_RESPONSE_JS})
    raise ProviderError(f"ZipFile can only be used when Runtime is set to a nodejs or python "
                        f"runtime (not {runtime})")


async def s3_object(ctx: ResourceContext, bucket: str, key: str,
                    version: str | None = None) -> bytes:
    """An object's bytes from cloudlet's S3, failing as Lambda reports an S3 error."""
    params: dict[str, Any] = {"Bucket": bucket, "Key": key}
    if version:
        params["VersionId"] = version
    try:
        out = await ctx.call("s3", "GetObject", params)
    except ServiceError as error:
        raise ProviderError(f"Error occurred while GetObject. S3 Error Code: {error.error_code}. "
                            f"S3 Error Message: {error.message}") from None
    body = out["Body"]
    if isinstance(body, bytes | bytearray):
        return bytes(body)
    return b"".join([chunk async for chunk in body])


async def package_of(ctx: ResourceContext, code: dict[str, Any], runtime: str | None) -> bytes:
    """The .zip a function's ``Code`` (or a layer's ``Content``) names."""
    if code.get("ImageUri"):
        raise ProviderError("not supported: Code.ImageUri (container images)")
    if code.get("ZipFile") is not None:
        return inline_package(str(code["ZipFile"]), runtime)
    if code.get("S3Bucket") and code.get("S3Key"):
        return await s3_object(ctx, code["S3Bucket"], code["S3Key"], code.get("S3ObjectVersion"))
    raise ProviderError("Please provide a source for function code: ZipFile, or S3Bucket "
                        "and S3Key")


# -- functions -----------------------------------------------------------------------

# Template property -> CreateFunction / UpdateFunctionConfiguration member, and the value
# that restores Lambda's default when the property is removed.
_CONFIG: dict[str, tuple[str, Any]] = {
    "Role": ("Role", None),
    "Handler": ("Handler", None),
    "Runtime": ("Runtime", None),
    "Description": ("Description", ""),
    "Timeout": ("Timeout", 3),
    "MemorySize": ("MemorySize", 128),
    "Environment": ("Environment", {"Variables": {}}),
    "DeadLetterConfig": ("DeadLetterConfig", {}),
    "TracingConfig": ("TracingConfig", {"Mode": "PassThrough"}),
    "EphemeralStorage": ("EphemeralStorage", {"Size": 512}),
    "LoggingConfig": ("LoggingConfig", {"LogFormat": "Text"}),
    "Layers": ("Layers", []),
    "KmsKeyArn": ("KMSKeyArn", ""),
}


async def wait_function(ctx: ResourceContext, name: str) -> dict[str, Any]:
    """GetFunctionConfiguration until the function is Active and not updating."""
    async def describe() -> dict[str, Any]:
        config = await ctx.call("lambda", "GetFunctionConfiguration", {"FunctionName": name})
        if config.get("State") == "Failed":
            raise ProviderError(f"function {name} failed: {config.get('StateReason', '')}")
        return config

    return await settled(
        describe, lambda c: c.get("State", "Active") == "Active"
        and c.get("LastUpdateStatus") != "InProgress",
        lambda c: f"function {name} still {c.get('State')}")


def _text(value: Any) -> str:
    """A template value as the text CloudFormation passes on (``true``, ``1``, ``1.5``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)


def _config_params(props: dict[str, Any]) -> dict[str, Any]:
    """The configuration members the template gives, as the API takes them; environment
    values written as numbers or booleans become text, as CloudFormation makes them."""
    params = {member: props[prop] for prop, (member, _) in _CONFIG.items()
              if props.get(prop) is not None}
    variables = (params.get("Environment") or {}).get("Variables")
    if variables:
        params["Environment"] = {"Variables": {k: _text(v) for k, v in variables.items()}}
    return params


def _function_outcome(config: dict[str, Any]) -> Outcome:
    snap = config.get("SnapStart") or {"ApplyOn": "None", "OptimizationStatus": "Off"}
    return Outcome(config["FunctionName"], {
        "Arn": config["FunctionArn"],
        "SnapStartResponse.ApplyOn": snap.get("ApplyOn"),
        "SnapStartResponse.OptimizationStatus": snap.get("OptimizationStatus")})


@provider
class Function(Provider):
    """A function from inline or S3 code (CreateFunction, then its concurrency)."""

    type_name = "AWS::Lambda::Function"
    properties = frozenset({*_CONFIG, "Code", "FunctionName", "Architectures", "PackageType",
                            "ReservedConcurrentExecutions", "Tags", "VpcConfig"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        if props.get("PackageType", "Zip") != "Zip":
            raise ProviderError("not supported: PackageType Image (container images)")
        name = props.get("FunctionName") or ctx.physical_name(64)
        params: dict[str, Any] = {
            "FunctionName": name, "PackageType": "Zip",
            "Code": {"ZipFile": await package_of(ctx, props["Code"], props.get("Runtime"))},
            "Tags": resource_tags(ctx, props.get("Tags"))}
        params.update(_config_params(props))
        if props.get("Architectures"):
            params["Architectures"] = props["Architectures"]
        await ctx.call("lambda", "CreateFunction", params)
        if props.get("ReservedConcurrentExecutions") is not None:
            await ctx.call("lambda", "PutFunctionConcurrency", {
                "FunctionName": name,
                "ReservedConcurrentExecutions": props["ReservedConcurrentExecutions"]})
        return _function_outcome(await wait_function(ctx, name))

    async def update(self, ctx: ResourceContext) -> Outcome:
        name = str(ctx.physical_id)
        props, old = ctx.properties, ctx.previous or {}
        config = await wait_function(ctx, name)
        wanted = _config_params(props)
        changes = {member: wanted.get(member, default)
                   for prop, (member, default) in _CONFIG.items()
                   if props.get(prop) != old.get(prop)}
        if "LoggingConfig" in changes and not props.get("LoggingConfig"):
            changes["LoggingConfig"] = {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{name}"}
        if changes:
            await ctx.call("lambda", "UpdateFunctionConfiguration",
                           {"FunctionName": name, **changes})
            config = await wait_function(ctx, name)
        arch = props.get("Architectures") or ["x86_64"]
        if props.get("Code") != old.get("Code") or props.get("Runtime") != old.get("Runtime") \
                or arch != (old.get("Architectures") or ["x86_64"]):
            package = await package_of(ctx, props["Code"], props.get("Runtime"))
            await ctx.call("lambda", "UpdateFunctionCode",
                           {"FunctionName": name, "ZipFile": package, "Architectures": arch})
            config = await wait_function(ctx, name)
        await self._update_concurrency(ctx, name, props, old)
        to_set, to_remove = tag_changes(resource_tags(ctx, old.get("Tags")),
                                        resource_tags(ctx, props.get("Tags")))
        await retag(ctx, config["FunctionArn"], to_set, to_remove)
        return _function_outcome(config)

    async def _update_concurrency(self, ctx: ResourceContext, name: str, props: dict[str, Any],
                                  old: dict[str, Any]) -> None:
        reserved = props.get("ReservedConcurrentExecutions")
        if reserved == old.get("ReservedConcurrentExecutions"):
            return
        if reserved is None:
            await ctx.call("lambda", "DeleteFunctionConcurrency", {"FunctionName": name})
        else:
            await ctx.call("lambda", "PutFunctionConcurrency",
                           {"FunctionName": name, "ReservedConcurrentExecutions": reserved})

    readable = frozenset({"FunctionName", "Role", "Handler", "Runtime", "Description",
                          "Timeout", "MemorySize", "Environment", "TracingConfig",
                          "EphemeralStorage", "Layers", "Architectures", "KmsKeyArn"})

    async def read(self, ctx: ResourceContext, physical_id: str) -> dict[str, Any] | None:
        """GetFunctionConfiguration, in the template's terms (Layers as ARNs)."""
        config = await unless_missing(lambda: ctx.call("lambda", "GetFunctionConfiguration",
                                                       {"FunctionName": physical_id}))
        if config is None:
            return None
        out: dict[str, Any] = {
            k: config[k] for k in ("FunctionName", "Role", "Handler", "Runtime", "Timeout",
                                   "MemorySize", "TracingConfig", "EphemeralStorage",
                                   "Architectures") if config.get(k) is not None}
        out["Description"] = config.get("Description", "")
        out["Environment"] = {"Variables": (config.get("Environment") or {}).get("Variables")
                              or {}}
        out["Layers"] = [layer["Arn"] for layer in config.get("Layers") or ()]
        if config.get("KMSKeyArn"):
            out["KmsKeyArn"] = config["KMSKeyArn"]
        return out

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("lambda", "DeleteFunction",
                                              {"FunctionName": ctx.physical_id}))


async def retag(ctx: ResourceContext, arn: str, to_set: dict[str, str],
                to_remove: list[str]) -> None:
    """Apply a tag difference to a Lambda resource (function or event source mapping)."""
    if to_remove:
        await ctx.call("lambda", "UntagResource", {"Resource": arn, "TagKeys": to_remove})
    if to_set:
        await ctx.call("lambda", "TagResource", {"Resource": arn, "Tags": to_set})


# -- permissions, versions, aliases ----------------------------------------------------

_PERMISSION = ("FunctionName", "Action", "Principal", "SourceArn", "SourceAccount",
               "EventSourceToken", "PrincipalOrgID", "FunctionUrlAuthType",
               "InvokedViaFunctionUrl")


@provider
class Permission(Provider):
    """A statement in a function's resource policy (AddPermission); every change replaces."""

    type_name = "AWS::Lambda::Permission"
    properties = frozenset(_PERMISSION)

    async def create(self, ctx: ResourceContext) -> Outcome:
        statement = ctx.physical_name(100)
        await ctx.call("lambda", "AddPermission",
                       {**given(ctx.properties, _PERMISSION), "StatementId": statement})
        return Outcome(statement, {"Id": statement})

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("lambda", "RemovePermission", {
            "FunctionName": ctx.properties["FunctionName"], "StatementId": ctx.physical_id}))


def _split_arn(arn: str) -> tuple[str, str]:
    """``arn:...:function:NAME:QUALIFIER`` as (function ARN, qualifier)."""
    base, _, qualifier = arn.rpartition(":")
    return base, qualifier


@provider
class Version(Provider):
    """A published version (PublishVersion); immutable, so any change replaces it."""

    type_name = "AWS::Lambda::Version"
    properties = frozenset({"FunctionName", "CodeSha256", "Description",
                            "ProvisionedConcurrencyConfig"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        name = ctx.properties["FunctionName"]
        await wait_function(ctx, name)
        out = await ctx.call("lambda", "PublishVersion",
                             given(ctx.properties, ("FunctionName", "CodeSha256",
                                                       "Description")))
        arn = out["FunctionArn"]
        return Outcome(arn, {"FunctionArn": arn, "Version": out["Version"]})

    async def delete(self, ctx: ResourceContext) -> None:
        function, version = _split_arn(str(ctx.physical_id))
        await ignore_missing(lambda: ctx.call("lambda", "DeleteFunction",
                                              {"FunctionName": function, "Qualifier": version}))


def _routing(props: dict[str, Any]) -> dict[str, Any]:
    """CloudFormation's ``AdditionalVersionWeights`` list as the API's weight map."""
    weights = (props.get("RoutingConfig") or {}).get("AdditionalVersionWeights") or ()
    return {"AdditionalVersionWeights": {w["FunctionVersion"]: float(w["FunctionWeight"])
                                         for w in weights}}


@provider
class Alias(Provider):
    """An alias of a version, with weighted routing (CreateAlias / UpdateAlias)."""

    type_name = "AWS::Lambda::Alias"
    properties = frozenset({"FunctionName", "Name", "FunctionVersion", "Description",
                            "RoutingConfig", "ProvisionedConcurrencyConfig"})

    def _params(self, props: dict[str, Any]) -> dict[str, Any]:
        return {"FunctionName": props["FunctionName"], "Name": props["Name"],
                "FunctionVersion": props["FunctionVersion"],
                "Description": props.get("Description") or "", "RoutingConfig": _routing(props)}

    async def create(self, ctx: ResourceContext) -> Outcome:
        out = await ctx.call("lambda", "CreateAlias", self._params(ctx.properties))
        return Outcome(out["AliasArn"], {"AliasArn": out["AliasArn"]})

    async def update(self, ctx: ResourceContext) -> Outcome:
        out = await ctx.call("lambda", "UpdateAlias", self._params(ctx.properties))
        return Outcome(out["AliasArn"], {"AliasArn": out["AliasArn"]})

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("lambda", "DeleteAlias", {
            "FunctionName": ctx.properties["FunctionName"], "Name": ctx.properties["Name"]}))


# -- event source mappings -------------------------------------------------------------

# Members UpdateEventSourceMapping changes, with the value that resets a removed one.
_ESM_UPDATABLE: dict[str, Any] = {
    "FunctionName": None, "Enabled": True, "BatchSize": None, "FilterCriteria": {"Filters": []},
    "MaximumBatchingWindowInSeconds": None, "ParallelizationFactor": None,
    "DestinationConfig": {"OnFailure": {}}, "MaximumRecordAgeInSeconds": -1,
    "BisectBatchOnFunctionError": False, "MaximumRetryAttempts": -1,
    "TumblingWindowInSeconds": None, "FunctionResponseTypes": [], "ScalingConfig": {},
    "MetricsConfig": None, "LoggingConfig": None, "SourceAccessConfigurations": None,
}
_ESM_CREATE_ONLY = ("EventSourceArn", "StartingPosition", "StartingPositionTimestamp",
                    "Topics", "Queues")
_ESM_SETTLING = ("Creating", "Enabling", "Disabling", "Updating")


def _esm_params(props: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    params = given(props, names)
    if props.get("KmsKeyArn"):
        params["KMSKeyArn"] = props["KmsKeyArn"]
    return params


async def _wait_mapping(ctx: ResourceContext, uuid: str) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT_LIMIT_S
    while True:
        mapping = await ctx.call("lambda", "GetEventSourceMapping", {"UUID": uuid})
        if mapping.get("State") not in _ESM_SETTLING or time.monotonic() > deadline:
            return mapping
        await asyncio.sleep(POLL_S)


def _mapping_outcome(mapping: dict[str, Any]) -> Outcome:
    attributes = {"Id": mapping["UUID"]}
    if mapping.get("EventSourceMappingArn"):
        attributes["EventSourceMappingArn"] = mapping["EventSourceMappingArn"]
    return Outcome(mapping["UUID"], attributes)


@provider
class EventSourceMapping(Provider):
    """A poller from a queue or stream to a function (CreateEventSourceMapping)."""

    type_name = "AWS::Lambda::EventSourceMapping"
    properties = frozenset({*_ESM_UPDATABLE, *_ESM_CREATE_ONLY, "KmsKeyArn", "Tags"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        params = _esm_params(props, (*_ESM_UPDATABLE, *_ESM_CREATE_ONLY))
        tags = tag_list_to_map(props.get("Tags"))
        if tags:
            params["Tags"] = tags
        out = await ctx.call("lambda", "CreateEventSourceMapping", params)
        return _mapping_outcome(await _wait_mapping(ctx, out["UUID"]))

    async def update(self, ctx: ResourceContext) -> Outcome:
        uuid = str(ctx.physical_id)
        props, old = ctx.properties, ctx.previous or {}
        changes: dict[str, Any] = {}
        for member, reset in _ESM_UPDATABLE.items():
            if props.get(member) != old.get(member):
                value = props.get(member, reset)
                if value is not None:
                    changes[member] = value
        if props.get("KmsKeyArn") != old.get("KmsKeyArn"):
            changes["KMSKeyArn"] = props.get("KmsKeyArn") or ""
        if changes:
            await ctx.call("lambda", "UpdateEventSourceMapping", {"UUID": uuid, **changes})
        mapping = await _wait_mapping(ctx, uuid)
        arn = mapping.get("EventSourceMappingArn")
        if arn:
            to_set, to_remove = tag_changes(tag_list_to_map(old.get("Tags")),
                                            tag_list_to_map(props.get("Tags")))
            await retag(ctx, arn, to_set, to_remove)
        return _mapping_outcome(mapping)

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("lambda", "DeleteEventSourceMapping",
                                              {"UUID": ctx.physical_id}))


# -- layers and asynchronous invocation settings ---------------------------------------

@provider
class LayerVersion(Provider):
    """A layer version from S3 content (PublishLayerVersion); every change publishes a
    new version (replacement)."""

    type_name = "AWS::Lambda::LayerVersion"
    properties = frozenset({"LayerName", "Content", "Description", "CompatibleRuntimes",
                            "CompatibleArchitectures", "LicenseInfo"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        content = props["Content"]
        if not (content.get("S3Bucket") and content.get("S3Key")):
            raise ProviderError("Content needs S3Bucket and S3Key")
        data = await s3_object(ctx, content["S3Bucket"], content["S3Key"],
                               content.get("S3ObjectVersion"))
        params = given(props, ("Description", "CompatibleRuntimes",
                                  "CompatibleArchitectures", "LicenseInfo"))
        params.update(LayerName=props.get("LayerName") or ctx.physical_name(140),
                      Content={"ZipFile": data})
        out = await ctx.call("lambda", "PublishLayerVersion", params)
        arn = out["LayerVersionArn"]
        return Outcome(arn, {"LayerVersionArn": arn})

    async def delete(self, ctx: ResourceContext) -> None:
        layer, version = _split_arn(str(ctx.physical_id))
        await ignore_missing(lambda: ctx.call("lambda", "DeleteLayerVersion", {
            "LayerName": layer, "VersionNumber": int(version)}))


_INVOKE_CONFIG = ("MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig")


@provider
class EventInvokeConfig(Provider):
    """Asynchronous invocation settings of a version or alias
    (PutFunctionEventInvokeConfig, which replaces the whole configuration)."""

    type_name = "AWS::Lambda::EventInvokeConfig"
    properties = frozenset({"FunctionName", "Qualifier", *_INVOKE_CONFIG})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        await ctx.call("lambda", "PutFunctionEventInvokeConfig", {
            "FunctionName": props["FunctionName"], "Qualifier": props["Qualifier"],
            **given(props, _INVOKE_CONFIG)})
        return Outcome(f"{props['FunctionName']}|{props['Qualifier']}")

    async def update(self, ctx: ResourceContext) -> Outcome:
        return await self.create(ctx)

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("lambda", "DeleteFunctionEventInvokeConfig", {
            "FunctionName": ctx.properties["FunctionName"],
            "Qualifier": ctx.properties["Qualifier"]}))
