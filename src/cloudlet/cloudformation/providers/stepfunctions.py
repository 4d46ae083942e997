"""Step Functions resources: AWS::StepFunctions::StateMachine, ::Activity,
::StateMachineVersion and ::StateMachineAlias.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html
- ``Ref`` is the state machine's ARN; ``Fn::GetAtt`` gives ``Arn``, ``Name`` and
  ``StateMachineRevisionId``. A generated name is ``{logical id}-{12 random}`` (80 at most),
  as CloudFormation names state machines (no stack name in it). A new StateMachineName or
  StateMachineType replaces the machine (create the new one, then delete the old).
- The definition is one of ``Definition`` (an object, written as JSON), ``DefinitionString``
  or ``DefinitionS3Location`` (``Bucket``, ``Key``, optional ``Version``; read from
  cloudlet's S3 when the resource is created or updated; an object changed in place is not
  a change, as in CloudFormation). ``DefinitionSubstitutions`` replaces each ``${Name}`` in
  the definition's text with its value (a number or boolean as its JSON text); a
  ``${...}`` it does not name stays as it is.
- RoleArn, LoggingConfiguration, TracingConfiguration and the definition change in place
  (UpdateStateMachine, a new revision); Tags by TagResource/UntagResource, with the stack's
  tags and CloudFormation's ``aws:cloudformation:*`` ones.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-activity.html
- ``Ref`` and ``Arn`` are the activity's ARN, ``Name`` its name; Tags update in place.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachineversion.html
- PublishStateMachineVersion of the machine's current revision (``StateMachineRevisionId``,
  when given, must be it); ``Ref`` and ``Arn`` are the version's ARN. Every change replaces
  it; deleting it deletes the version.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachinealias.html
- ``Ref`` and ``Arn`` are the alias ARN; a generated name is ``{logical id}-{12 random}``.
  ``RoutingConfiguration`` (one or two versions by weight) or ``DeploymentPreference``
  with ``Type: ALL_AT_ONCE`` (all traffic to its ``StateMachineVersionArn``); Description
  and routing update in place.

LIMITATIONS: EncryptionConfiguration is not supported (cloudlet keeps every machine under
an AWS-owned key); a DeploymentPreference of type CANARY or LINEAR (gradual shifting with
CloudWatch alarms) is not supported.
"""

from __future__ import annotations

import json
import re
import secrets
import string
from typing import Any

from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ProviderError,
    ResourceContext,
    ignore_missing,
    provider,
)
from cloudlet.cloudformation.providers.lambda_ import s3_object
from cloudlet.cloudformation.providers.tagging import resource_tags, tag_changes

SERVICE = "stepfunctions"
MISSING = ("StateMachineDoesNotExist", "ActivityDoesNotExist", "ResourceNotFound")
_ALPHABET = string.ascii_letters + string.digits
_PLACEHOLDER = re.compile(r"\$\{([^}]+)\}")


def generated_name(ctx: ResourceContext, max_length: int = 80) -> str:
    """``{logical id}-{12 random letters and digits}``, as CloudFormation names a state
    machine or an alias."""
    suffix = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{ctx.logical_id[: max_length - len(suffix) - 1]}-{suffix}"


def _api_tags(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"key": k, "value": v} for k, v in tags.items()]


def _substituted(text: str, substitutions: dict[str, Any] | None) -> str:
    if not substitutions:
        return text

    def value(found: re.Match[str]) -> str:
        name = found.group(1)
        if name not in substitutions:
            return found.group(0)
        given = substitutions[name]
        return given if isinstance(given, str) else json.dumps(given)

    return _PLACEHOLDER.sub(value, text)


async def _definition(ctx: ResourceContext, props: dict[str, Any]) -> str:
    """The definition's text from whichever of the three properties is given."""
    if props.get("Definition") is not None:
        given = props["Definition"]
        text = given if isinstance(given, str) else json.dumps(given, indent=2)
    elif props.get("DefinitionString") is not None:
        text = str(props["DefinitionString"])
    elif props.get("DefinitionS3Location"):
        where = props["DefinitionS3Location"]
        raw = await s3_object(ctx, where["Bucket"], where["Key"], where.get("Version"))
        text = raw.decode("utf-8")
    else:
        raise ProviderError("Property validation failure: one of Definition, DefinitionString"
                            " or DefinitionS3Location is required")
    return _substituted(text, props.get("DefinitionSubstitutions"))


def _logging(given: dict[str, Any] | None) -> dict[str, Any]:
    """CloudFormation's LoggingConfiguration in the API's shape (OFF when absent)."""
    if not given:
        return {"level": "OFF", "includeExecutionData": False}
    out: dict[str, Any] = {"level": given.get("Level", "OFF"),
                           "includeExecutionData": bool(given.get("IncludeExecutionData"))}
    destinations = [{"cloudWatchLogsLogGroup": {
        "logGroupArn": (d.get("CloudWatchLogsLogGroup") or {}).get("LogGroupArn", "")}}
        for d in given.get("Destinations") or ()]
    if destinations:
        out["destinations"] = destinations
    return out


def _tracing(given: dict[str, Any] | None) -> dict[str, Any]:
    return {"enabled": bool((given or {}).get("Enabled", False))}


async def _retag(ctx: ResourceContext, arn: str) -> None:
    """TagResource / UntagResource for what changed in Tags (and the stack's tags)."""
    to_set, to_remove = tag_changes(resource_tags(ctx, (ctx.previous or {}).get("Tags")),
                                    resource_tags(ctx, ctx.properties.get("Tags")))
    if to_remove:
        await ctx.call(SERVICE, "UntagResource", {"resourceArn": arn, "tagKeys": to_remove})
    if to_set:
        await ctx.call(SERVICE, "TagResource", {"resourceArn": arn, "tags": _api_tags(to_set)})


async def _machine_outcome(ctx: ResourceContext, arn: str) -> Outcome:
    described = await ctx.call(SERVICE, "DescribeStateMachine", {"stateMachineArn": arn})
    return Outcome(arn, {"Arn": arn, "Name": described["name"],
                         "StateMachineRevisionId": described["revisionId"]})


@provider
class StateMachine(Provider):
    """A state machine (CreateStateMachine; UpdateStateMachine in place)."""

    type_name = "AWS::StepFunctions::StateMachine"
    properties = frozenset({"Definition", "DefinitionString", "DefinitionS3Location",
                            "DefinitionSubstitutions", "StateMachineName", "StateMachineType",
                            "RoleArn", "LoggingConfiguration", "TracingConfiguration", "Tags"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        params: dict[str, Any] = {
            "name": props.get("StateMachineName") or generated_name(ctx),
            "definition": await _definition(ctx, props), "roleArn": props["RoleArn"],
            "type": props.get("StateMachineType") or "STANDARD",
            "loggingConfiguration": _logging(props.get("LoggingConfiguration")),
            "tracingConfiguration": _tracing(props.get("TracingConfiguration"))}
        tags = resource_tags(ctx, props.get("Tags"))
        if tags:
            params["tags"] = _api_tags(tags)
        arn = (await ctx.call(SERVICE, "CreateStateMachine", params))["stateMachineArn"]
        return await _machine_outcome(ctx, arn)

    async def update(self, ctx: ResourceContext) -> Outcome:
        arn, props = str(ctx.physical_id), ctx.properties
        await ctx.call(SERVICE, "UpdateStateMachine", {
            "stateMachineArn": arn, "definition": await _definition(ctx, props),
            "roleArn": props["RoleArn"],
            "loggingConfiguration": _logging(props.get("LoggingConfiguration")),
            "tracingConfiguration": _tracing(props.get("TracingConfiguration"))})
        await _retag(ctx, arn)
        return await _machine_outcome(ctx, arn)

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call(SERVICE, "DeleteStateMachine",
                                              {"stateMachineArn": ctx.physical_id}), *MISSING)


@provider
class Activity(Provider):
    """An activity (CreateActivity); a new Name replaces it."""

    type_name = "AWS::StepFunctions::Activity"
    properties = frozenset({"Name", "Tags"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        name = str(ctx.properties["Name"])
        params: dict[str, Any] = {"name": name}
        tags = resource_tags(ctx, ctx.properties.get("Tags"))
        if tags:
            params["tags"] = _api_tags(tags)
        arn = (await ctx.call(SERVICE, "CreateActivity", params))["activityArn"]
        return Outcome(arn, {"Arn": arn, "Name": name})

    async def update(self, ctx: ResourceContext) -> Outcome:
        arn = str(ctx.physical_id)
        await _retag(ctx, arn)
        return Outcome(arn, {"Arn": arn, "Name": str(ctx.properties["Name"])})

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call(SERVICE, "DeleteActivity",
                                              {"activityArn": ctx.physical_id}), *MISSING)


@provider
class StateMachineVersion(Provider):
    """A published version of a machine's current revision; replaced on any change."""

    type_name = "AWS::StepFunctions::StateMachineVersion"
    properties = frozenset({"StateMachineArn", "StateMachineRevisionId", "Description"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        params: dict[str, Any] = {"stateMachineArn": props["StateMachineArn"]}
        if props.get("StateMachineRevisionId"):
            params["revisionId"] = props["StateMachineRevisionId"]
        if props.get("Description"):
            params["description"] = props["Description"]
        out = await ctx.call(SERVICE, "PublishStateMachineVersion", params)
        arn = out["stateMachineVersionArn"]
        return Outcome(arn, {"Arn": arn})

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call(SERVICE, "DeleteStateMachineVersion",
                                              {"stateMachineVersionArn": ctx.physical_id}),
                             *MISSING)


def _routing(ctx: ResourceContext) -> list[dict[str, Any]]:
    props = ctx.properties
    preference = props.get("DeploymentPreference")
    if preference:
        kind = str(preference.get("Type", ""))
        if kind != "ALL_AT_ONCE":
            raise ProviderError(f"not supported: DeploymentPreference Type {kind} "
                                f"(cloudlet shifts an alias's traffic ALL_AT_ONCE)")
        return [{"stateMachineVersionArn": preference["StateMachineVersionArn"],
                 "weight": 100}]
    routes = props.get("RoutingConfiguration")
    if not routes:
        raise ProviderError("Property validation failure: one of RoutingConfiguration or "
                            "DeploymentPreference is required")
    return [{"stateMachineVersionArn": r["StateMachineVersionArn"], "weight": int(r["Weight"])}
            for r in routes]


@provider
class StateMachineAlias(Provider):
    """An alias routing a machine's starts to its versions; a new Name replaces it."""

    type_name = "AWS::StepFunctions::StateMachineAlias"
    properties = frozenset({"Name", "Description", "RoutingConfiguration",
                            "DeploymentPreference"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        params: dict[str, Any] = {"name": props.get("Name") or generated_name(ctx),
                                  "routingConfiguration": _routing(ctx)}
        if props.get("Description"):
            params["description"] = props["Description"]
        arn = (await ctx.call(SERVICE, "CreateStateMachineAlias", params))[
            "stateMachineAliasArn"]
        return Outcome(arn, {"Arn": arn})

    async def update(self, ctx: ResourceContext) -> Outcome:
        arn = str(ctx.physical_id)
        await ctx.call(SERVICE, "UpdateStateMachineAlias", {
            "stateMachineAliasArn": arn, "routingConfiguration": _routing(ctx),
            "description": ctx.properties.get("Description") or ""})
        return Outcome(arn, {"Arn": arn})

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call(SERVICE, "DeleteStateMachineAlias",
                                              {"stateMachineAliasArn": ctx.physical_id}),
                             *MISSING)
