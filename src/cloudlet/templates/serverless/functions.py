"""The core of a compiled service: the deployment bucket, log groups, the execution role,
``AWS::Lambda::Function`` and ``AWS::Lambda::Version`` per function, destinations, and the
outputs the framework writes (its ``package/lib`` and ``package/compile/functions.js``).

Decisions, as the framework makes them:
- Defaults: memory 1024 MB, timeout 6 s; ``provider.environment`` merged under the
  function's; ``provider.tags`` under ``functions.X.tags`` as a Tags list; tracing
  (``provider.tracing.lambda`` or ``functions.X.tracing``) sets TracingConfig and adds the
  X-Ray statement to the role.
- ``IamRoleLambdaExecution`` is made unless ``provider.iam.role`` (or ``provider.role``) is
  an existing role or every function has its own ``role``. It grants the log groups
  (custom-named functions by name, the rest by the ``/aws/lambda/{service}-{stage}*``
  prefix), then ``iam.role.statements`` (or ``iamRoleStatements``), then what the
  functions and their events need.
- Versions: ``{Name}LambdaVersion{hash}`` with DeletionPolicy Retain, where the hash is the
  base64 SHA-256 of the zip's base64 SHA-256 followed by the function's properties (without
  Code, ReservedConcurrentExecutions and Tags) as key-sorted JSON: a new version on every
  code or configuration change, and none otherwise.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from typing import Any

from cloudlet.templates.serverless import naming
from cloudlet.templates.serverless.build import PARTITION, Build, get_att, join
from cloudlet.templates.serverless.errors import ServerlessError

DESCRIPTION = "The AWS CloudFormation template for this Serverless application"
LOGS_ARN = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:"


DEFAULT_RUNTIME = "nodejs20.x"


def core_template(build: Build) -> dict[str, Any]:
    """The first, bucket-only template (``cloudformation-template-create-stack.json``)."""
    bucket = _deployment_bucket(build)
    if bucket is not None:
        return {"AWSTemplateFormatVersion": "2010-09-09", "Description": DESCRIPTION,
                "Resources": {}, "Outputs": {"ServerlessDeploymentBucketName": {"Value": bucket}}}
    own = {"Ref": naming.BUCKET}
    arns = [join("arn:", PARTITION, ":s3:::", own, "/*"), join("arn:", PARTITION, ":s3:::", own)]
    resources = {
        naming.BUCKET: {"Type": "AWS::S3::Bucket", "Properties": {"BucketEncryption": {
            "ServerSideEncryptionConfiguration": [
                {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}}},
        naming.BUCKET_POLICY: {"Type": "AWS::S3::BucketPolicy", "Properties": {
            "Bucket": own, "PolicyDocument": {"Statement": [{
                "Action": "s3:*", "Effect": "Deny", "Principal": "*", "Resource": arns,
                "Condition": {"Bool": {"aws:SecureTransport": False}}}]}}},
    }
    return {"AWSTemplateFormatVersion": "2010-09-09", "Description": DESCRIPTION,
            "Resources": resources, "Outputs": {"ServerlessDeploymentBucketName": {"Value": own}}}


def _deployment_bucket(build: Build) -> str | None:
    """``provider.deploymentBucket`` (a name, or ``{name: ...}``): an existing bucket."""
    value = build.provider.get("deploymentBucket")
    if isinstance(value, dict):
        value = value.get("name")
    return str(value) if value else None


def bucket_ref(build: Build) -> Any:
    return _deployment_bucket(build) or {"Ref": naming.BUCKET}


def log_groups(build: Build) -> None:
    retention = build.provider.get("logRetentionInDays")
    for key, fn in build.functions.items():
        if fn.get("disableLogs"):
            continue
        properties: dict[str, Any] = {"LogGroupName": f"/aws/lambda/{build.function_name(key)}"}
        if fn.get("logRetentionInDays") or retention:
            properties["RetentionInDays"] = fn.get("logRetentionInDays") or retention
        build.add(naming.log_group(key), {"Type": "AWS::Logs::LogGroup", "Properties": properties})


def existing_role(build: Build) -> Any:
    """The provider-level role to use instead of IamRoleLambdaExecution, if one is given."""
    iam = build.provider.get("iam") or {}
    role = iam.get("role") if isinstance(iam, dict) else None
    if role is not None and not isinstance(role, dict):
        return role
    return build.provider.get("role")


def role_needed(build: Build) -> bool:
    if existing_role(build) is not None or not build.functions:
        return False
    return not all("role" in fn for fn in build.functions.values())


def execution_role(build: Build) -> dict[str, Any]:
    """IamRoleLambdaExecution before the events' statements are appended."""
    iam = build.provider.get("iam") or {}
    role: dict[str, Any] = iam["role"] if isinstance(iam, dict) and isinstance(
        iam.get("role"), dict) else {}
    prefix = f"/aws/lambda/{build.service}-{build.stage}"
    create: list[Any] = []
    put: list[Any] = []
    canonical = False
    for key, fn in build.functions.items():
        name = build.function_name(key)
        if name.startswith(f"{build.service}-{build.stage}"):
            canonical = canonical or not fn.get("disableLogs")
            continue
        if not fn.get("disableLogs"):
            create.append({"Fn::Sub": f"{LOGS_ARN}/aws/lambda/{name}:*"})
            put.append({"Fn::Sub": f"{LOGS_ARN}/aws/lambda/{name}:*:*"})
    if canonical:
        create.append({"Fn::Sub": f"{LOGS_ARN}{prefix}*:*"})
        put.append({"Fn::Sub": f"{LOGS_ARN}{prefix}*:*:*"})
    statements: list[dict[str, Any]] = [
        {"Effect": "Allow",
         "Action": ["logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource"],
         "Resource": create},
        {"Effect": "Allow", "Action": ["logs:PutLogEvents"], "Resource": put},
    ]
    statements += role.get("statements") or build.provider.get("iamRoleStatements") or []
    properties: dict[str, Any] = {
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com"]},
            "Action": ["sts:AssumeRole"]}]},
        "Policies": [{"PolicyName": join(build.service, build.stage, "lambda", sep="-"),
                      "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}],
        "Path": role.get("path") or "/",
        "RoleName": role.get("name") or join(build.service, build.stage,
                                             {"Ref": "AWS::Region"}, "lambdaRole", sep="-"),
    }
    if role.get("tags"):
        properties["Tags"] = [{"Key": k, "Value": v} for k, v in role["tags"].items()]
    boundary = role.get("permissionsBoundary") or role.get("permissionBoundary")
    if boundary:
        properties["PermissionsBoundary"] = boundary
    managed = role.get("managedPolicies") or build.provider.get("iamManagedPolicies")
    if managed:
        properties["ManagedPolicyArns"] = list(managed)
    return {"Type": "AWS::IAM::Role", "Properties": properties}


def _role_of(build: Build, fn: dict[str, Any]) -> Any:
    """The function's Role property: its own role, the provider's, or the default role."""
    role = fn.get("role", existing_role(build))
    if role is None:
        return get_att(naming.ROLE)
    if isinstance(role, str):
        if role.startswith("arn:"):
            return role
        return get_att(role)
    return role


def function_resource(build: Build, key: str, s3_key: str) -> dict[str, Any]:
    """``AWS::Lambda::Function`` for ``functions.<key>``."""
    fn = build.functions[key]
    provider = build.provider
    if not fn.get("handler"):
        if fn.get("image"):
            raise ServerlessError(f'not supported: container image functions ("{key}")')
        raise ServerlessError(f'Either "handler" or "image" property needs to be set on '
                              f'function "{key}"', "FUNCTION_NEITHER_HANDLER_NOR_IMAGE_DEFINED_ERROR")
    props: dict[str, Any] = {
        "Code": {"S3Bucket": bucket_ref(build), "S3Key": s3_key},
        "Handler": fn["handler"],
        # The framework's default today (its provider.getRuntime); v3's nodejs16.x can no
        # longer be created on AWS.
        "Runtime": fn.get("runtime") or provider.get("runtime") or DEFAULT_RUNTIME,
        "FunctionName": build.function_name(key),
        "MemorySize": fn.get("memorySize") or provider.get("memorySize") or 1024,
        "Timeout": fn.get("timeout") or provider.get("timeout") or 6,
    }
    architecture = fn.get("architecture") or provider.get("architecture")
    if architecture:
        props["Architectures"] = [architecture]
    if fn.get("description"):
        props["Description"] = fn["description"]
    tags = {**(provider.get("tags") or {}), **(fn.get("tags") or {})}
    if fn.get("tags") is not None or provider.get("tags") is not None:
        props["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
    if fn.get("ephemeralStorageSize"):
        props["EphemeralStorage"] = {"Size": fn["ephemeralStorageSize"]}
    if isinstance(fn.get("onError"), str):
        props["DeadLetterConfig"] = {"TargetArn": fn["onError"]}
        build.role_statements.append({"Effect": "Allow", "Action": ["sns:Publish"],
                                      "Resource": [fn["onError"]]})
    kms = fn.get("kmsKeyArn") or provider.get("kmsKeyArn")
    if kms:
        props["KmsKeyArn"] = kms
        build.allow({"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": [kms]})
    tracing = fn.get("tracing") or (provider.get("tracing") or {}).get("lambda")
    if tracing:
        props["TracingConfig"] = {"Mode": "Active" if tracing is True else tracing}
        build.allow({"Effect": "Allow",
                     "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
                     "Resource": ["*"]})
    if fn.get("environment") or provider.get("environment"):
        props["Environment"] = {"Variables": {**(provider.get("environment") or {}),
                                              **(fn.get("environment") or {})}}
    props["Role"] = _role_of(build, fn)
    vpc = fn.get("vpc") if fn.get("vpc") is not None else provider.get("vpc")
    if isinstance(vpc, dict) and vpc.get("securityGroupIds") and vpc.get("subnetIds"):
        props["VpcConfig"] = {"SecurityGroupIds": vpc["securityGroupIds"],
                              "SubnetIds": vpc["subnetIds"]}
    if fn.get("reservedConcurrency") is not None:
        props["ReservedConcurrentExecutions"] = fn["reservedConcurrency"]
    layers = fn.get("layers") or provider.get("layers")
    if layers:
        props["Layers"] = list(layers)
    resource: dict[str, Any] = {"Type": "AWS::Lambda::Function", "Properties": props}
    depends = [] if fn.get("disableLogs") else [naming.log_group(key)]
    depends += list(fn.get("dependsOn") or [])
    if depends:
        resource["DependsOn"] = depends
    if fn.get("condition"):
        resource["Condition"] = fn["condition"]
    return resource


def versioned(build: Build, key: str) -> bool:
    fn = build.functions[key]
    if fn.get("versionFunction") is not None:
        return bool(fn["versionFunction"])
    value = build.provider.get("versionFunctions")
    return True if value is None else bool(value)


def code_sha256(zip_sha256_hex: str) -> str:
    """Lambda's CodeSha256: the base64 of the zip's SHA-256 digest."""
    return base64.b64encode(bytes.fromhex(zip_sha256_hex)).decode()


def version_digest(code_sha: str, properties: dict[str, Any],
                   layer_configurations: list[Any] | None = None,
                   layer_shas: list[str] | None = None) -> str:
    """The framework's version hash (lambdaHashingVersion 20201221, its default): the zip's
    CodeSha256, the CodeSha256 of each local layer it uses, then the properties as JSON."""
    hashed = copy.deepcopy(properties)
    for key in ("Code", "ReservedConcurrentExecutions", "Tags"):
        hashed.pop(key, None)
    hashed["layerConfigurations"] = layer_configurations or []
    text = json.dumps(_deep_sort(hashed), separators=(",", ":"), ensure_ascii=False)
    data = code_sha + "".join(layer_shas or []) + text
    return base64.b64encode(hashlib.sha256(data.encode()).digest()).decode()


def _local_layers(build: Build, properties: dict[str, Any]) -> tuple[list[Any], list[str]]:
    """(layerConfigurations, layer CodeSha256s sorted by zip path) of the function's
    ``Ref``-erenced layers built by this service, as the framework hashes them."""
    configurations, found = [], []
    for layer in properties.get("Layers") or []:
        ref = layer.get("Ref") if isinstance(layer, dict) else None
        if ref in build.layer_code:
            key, sha, path = build.layer_code[ref]
            props = copy.deepcopy(build.resources[ref]["Properties"])
            props.get("Content", {}).pop("S3Key", None)
            configurations.append({"name": key, "ref": ref, "properties": props})
            found.append((path, sha))
    return configurations, [sha for _, sha in sorted(found)]


def _locale_key(key: str) -> tuple[str, str]:
    """``String.prototype.localeCompare`` order for ASCII keys: case-insensitive first,
    lower case before upper case on ties."""
    return key.lower(), key.swapcase()


def _deep_sort(value: Any) -> Any:
    if isinstance(value, list):
        return [_deep_sort(v) for v in value]
    if isinstance(value, dict):
        return {k: _deep_sort(value[k]) for k in sorted(value, key=_locale_key)}
    return value


def version_resource(build: Build, key: str, code_sha: str) -> str:
    """Adds ``{Name}LambdaVersion{hash}`` and the QualifiedArn output; returns its id."""
    function = build.resources[naming.function(key)]
    digest = version_digest(code_sha, function["Properties"],
                            *_local_layers(build, function["Properties"]))
    logical_id = naming.version(key, digest)
    properties: dict[str, Any] = {"FunctionName": {"Ref": naming.function(key)},
                                  "CodeSha256": code_sha}
    if build.functions[key].get("description"):
        properties["Description"] = build.functions[key]["description"]
    build.add(logical_id, {"Type": "AWS::Lambda::Version", "DeletionPolicy": "Retain",
                           "Properties": properties})
    build.outputs[f"{naming.function(key)}QualifiedArn"] = {
        "Description": "Current Lambda function version", "Value": {"Ref": logical_id}}
    return logical_id


def destinations(build: Build, key: str) -> None:
    """``functions.X.destinations`` (onSuccess / onFailure, maximumRetryAttempts,
    maximumEventAge) as ``AWS::Lambda::EventInvokeConfig`` ``{Name}LambdaEvConf``."""
    fn = build.functions[key]
    wanted = fn.get("destinations") or {}
    config: dict[str, Any] = {}
    for option, field_name in (("onSuccess", "OnSuccess"), ("onFailure", "OnFailure")):
        target = wanted.get(option)
        if target is None:
            continue
        arn, kind = _destination(build, target)
        config[field_name] = {"Destination": arn}
        build.allow(_destination_statement(kind, arn))
    properties: dict[str, Any] = {"FunctionName": {"Ref": naming.function(key)}}
    if config:
        properties["DestinationConfig"] = config
    for option, field_name in (("maximumEventAge", "MaximumEventAgeInSeconds"),
                               ("maximumRetryAttempts", "MaximumRetryAttempts")):
        value = fn.get(option, wanted.get(option))
        if value is not None:
            properties[field_name] = value
    if len(properties) == 1:
        return
    properties["Qualifier"] = "$LATEST"
    build.add(f"{naming.normalize(key)}LambdaEvConf",
              {"Type": "AWS::Lambda::EventInvokeConfig", "Properties": properties})


def _destination(build: Build, target: Any) -> tuple[Any, str]:
    if isinstance(target, dict):
        return target.get("arn"), str(target.get("type") or "function")
    text = str(target)
    if not text.startswith("arn:"):
        return get_att(naming.function(text)), "function"
    return text, text.split(":")[2]


def _destination_statement(kind: str, arn: Any) -> dict[str, Any]:
    action = {"sqs": "sqs:SendMessage", "sns": "sns:Publish", "events": "events:PutEvents",
              "eventBus": "events:PutEvents"}.get(kind, "lambda:InvokeFunction")
    return {"Effect": "Allow", "Action": action, "Resource": arn}


def export_outputs(build: Build, outputs: dict[str, Any]) -> None:
    """The framework's own outputs get ``sls-{service}-{stage}-{key}`` export names."""
    for key, output in outputs.items():
        output["Export"] = {"Name": f"sls-{build.service}-{build.stage}-{key}"}
