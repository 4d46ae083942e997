"""State machines and their versions: create, describe, update, delete, list, publish,
and ValidateStateMachineDefinition.

https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html
- Creating a machine that exists with the same definition, role, type and configuration
  answers the existing one (idempotent); anything different is StateMachineAlreadyExists.
- Every change of definition, role, logging or tracing makes a new ``revisionId``;
  ``publish`` makes a version of the new revision (``...:name:N``, numbered from 1).
- Deleting a machine deletes its versions and aliases at once (AWS marks it DELETING
  until its executions end; cloudlet's engine lets running executions finish).
"""

from __future__ import annotations

import importlib
from dataclasses import replace
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.services.stepfunctions import arns, errors, validation
from cloudlet.services.stepfunctions.machines import (
    DEFAULT_LOGGING,
    DEFAULT_TRACING,
    Machine,
    new_revision,
    parse_machine_arn,
    store,
)
from cloudlet.services.stepfunctions.operations.common import (
    check_name,
    check_tags,
    page,
    require,
    tag_map,
    wall,
)
from cloudlet.services.stepfunctions.registry import service

_TYPES = ("STANDARD", "EXPRESS")
_LEVELS = ("ALL", "ERROR", "FATAL", "OFF")


def _check_definition(text: Any, kind: str) -> str:
    if not isinstance(text, str):
        raise errors.InvalidDefinition(
            "Invalid State Machine Definition: 'MISSING_DESCRIPTION: Definition is empty'")
    message = validation.definition_error(validation.check(text, kind))
    if message is not None:
        raise errors.InvalidDefinition(message)
    return text


def _check_role(role: Any) -> str:
    parts = str(role).split(":")
    if len(parts) < 6 or parts[0] != "arn" or parts[2] != "iam":
        raise errors.InvalidArn(f"Invalid Role Arn: '{role}'")
    return str(role)


def _logging(value: dict[str, Any] | None, current: dict[str, Any]) -> dict[str, Any]:
    if value is None:
        return current
    level = value.get("level", "OFF")
    if level not in _LEVELS:
        raise errors.InvalidLoggingConfiguration(
            f"Invalid Logging Configuration: level '{level}' is not valid.")
    destinations = value.get("destinations") or []
    if level != "OFF" and len(destinations) != 1:
        raise errors.InvalidLoggingConfiguration(
            "Invalid Logging Configuration: Must specify exactly one Log Destination.")
    for dest in destinations:
        group = (dest.get("cloudWatchLogsLogGroup") or {}).get("logGroupArn", "")
        if not str(group).startswith("arn:") or not str(group).endswith(":*"):
            raise errors.InvalidLoggingConfiguration(
                "Invalid Logging Configuration: Log Destination not a valid CloudWatch Logs"
                " log group ARN ending in ':*'.")
    out: dict[str, Any] = {"level": level,
                           "includeExecutionData": bool(value.get("includeExecutionData"))}
    if destinations:
        out["destinations"] = destinations
    return out


def _tracing(value: dict[str, Any] | None, current: dict[str, Any]) -> dict[str, Any]:
    if value is None:
        return current
    return {"enabled": bool(value.get("enabled", False))}


def _same(a: Machine, b: Machine) -> bool:
    return (a.definition, a.role_arn, a.type, a.logging, a.tracing) == (
        b.definition, b.role_arn, b.type, b.logging, b.tracing)


@service.operation("CreateStateMachine")
def create_state_machine(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html"""
    require(req, "name", "definition", "roleArn")
    name = check_name(req["name"])
    kind = req.get("type") or "STANDARD"
    if kind not in _TYPES:
        raise errors.ValidationException(
            f"1 validation error detected: Value '{kind}' at 'type' failed to satisfy"
            " constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]")
    if req.get("versionDescription") and not req.get("publish"):
        raise errors.ValidationException(
            "Version description can only be set when publish is true")
    definition = _check_definition(req["definition"], kind)
    role = _check_role(req["roleArn"])
    tags = tag_map(req.get("tags"))
    arn = arns.machine_arn(ctx.region, ctx.account, name)
    check_tags(arn, tags)
    db = store(ctx)
    now = ctx.state.clock.now()
    machine = Machine(arn=arn, name=name, account=ctx.account, region=ctx.region, type=kind,
                      definition=definition, role_arn=role, revision_id=new_revision(),
                      version_arn=None,
                      logging=_logging(req.get("loggingConfiguration"), dict(DEFAULT_LOGGING)),
                      tracing=_tracing(req.get("tracingConfiguration"), dict(DEFAULT_TRACING)),
                      created=now, tags=tags)
    found = db.find(arn)
    if found is not None:
        if not _same(found, machine):
            raise errors.StateMachineAlreadyExists(f"State Machine Already Exists: '{arn}'")
        machine = found
    else:
        db.insert(machine)
    out: dict[str, Any] = {"stateMachineArn": arn, "creationDate": wall(machine.created)}
    if req.get("publish"):
        version = db.publish(machine, req.get("versionDescription") or "")
        out["stateMachineVersionArn"] = version.arn
    return out


def _describe(m: Machine) -> dict[str, Any]:
    out: dict[str, Any] = {
        "stateMachineArn": m.version_arn or m.arn, "name": m.name, "status": "ACTIVE",
        "definition": m.definition, "roleArn": m.role_arn, "type": m.type,
        "creationDate": wall(m.created), "loggingConfiguration": m.logging,
        "tracingConfiguration": m.tracing, "revisionId": m.revision_id,
        "encryptionConfiguration": {"type": "AWS_OWNED_KEY"},
    }
    if m.version_arn and m.description:
        out["description"] = m.description
    return out


@service.operation("DescribeStateMachine")
def describe_state_machine(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """A machine, or a published version of it (by its version ARN); an alias ARN is
    InvalidArn as AWS answers (DescribeStateMachineAlias describes aliases).
    https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html
    """
    require(req, "stateMachineArn")
    arn = req["stateMachineArn"]
    parts = parse_machine_arn(arn)
    db = store(ctx)
    if parts.qualifier is None:
        return _describe(db.machine(arn))
    if not parts.qualifier.isdigit():
        raise errors.InvalidArn(
            "Invalid Arn: 'Resource type not valid in this context: stateMachine alias'")
    version = db.version(parts.unqualified, int(parts.qualifier))
    if version is None:
        raise errors.machine_not_found(arn)
    return _describe(version.revision)


@service.operation("UpdateStateMachine")
def update_state_machine(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateStateMachine.html"""
    require(req, "stateMachineArn")
    arn = req["stateMachineArn"]
    parts = parse_machine_arn(arn)
    if parts.qualifier is not None:
        raise errors.InvalidArn(
            f"Invalid Arn: 'Resource type not valid in this context: {arn}'")
    changes = ("definition", "roleArn", "loggingConfiguration", "tracingConfiguration")
    if all(req.get(k) is None for k in changes):
        raise errors.MissingRequiredParameter(
            "Either the definition, the role ARN, the LoggingConfiguration, or the"
            " TracingConfiguration must be specified")
    if req.get("versionDescription") and not req.get("publish"):
        raise errors.ValidationException(
            "Version description can only be set when publish is true")
    db = store(ctx)
    current = db.machine(arn)
    definition = (current.definition if req.get("definition") is None
                  else _check_definition(req["definition"], current.type))
    role = current.role_arn if req.get("roleArn") is None else _check_role(req["roleArn"])
    now = ctx.state.clock.now()
    updated = replace(current, definition=definition, role_arn=role,
                      logging=_logging(req.get("loggingConfiguration"), current.logging),
                      tracing=_tracing(req.get("tracingConfiguration"), current.tracing),
                      updated=now)
    if not _same(updated, current):
        updated = replace(updated, revision_id=new_revision())
    db.update(updated)
    out: dict[str, Any] = {"updateDate": wall(now), "revisionId": updated.revision_id}
    if req.get("publish"):
        out["stateMachineVersionArn"] = db.publish(
            updated, req.get("versionDescription") or "").arn
    return out


@service.operation("DeleteStateMachine")
def delete_state_machine(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Deleting a machine that does not exist succeeds (AWS answers 200).
    https://docs.aws.amazon.com/step-functions/latest/apireference/API_DeleteStateMachine.html
    """
    require(req, "stateMachineArn")
    parts = parse_machine_arn(req["stateMachineArn"])
    if parts.qualifier is not None:
        raise errors.ValidationException(
            "Service does not support deleting a state machine version or alias with"
            " DeleteStateMachine; use DeleteStateMachineVersion or DeleteStateMachineAlias")
    store(ctx).delete(parts.unqualified)
    return {}


@service.operation("ListStateMachines")
def list_state_machines(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListStateMachines.html"""
    found = sorted(store(ctx).machines(ctx.account, ctx.region), key=lambda m: m.name)
    items, token = page(found, req.get("nextToken"), req.get("maxResults"))
    out: dict[str, Any] = {"stateMachines": [
        {"stateMachineArn": m.arn, "name": m.name, "type": m.type,
         "creationDate": wall(m.created)} for m in items]}
    if token:
        out["nextToken"] = token
    return out


@service.operation("PublishStateMachineVersion")
def publish_state_machine_version(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Publish the current revision (ConflictException when ``revisionId`` is not it).
    https://docs.aws.amazon.com/step-functions/latest/apireference/API_PublishStateMachineVersion.html
    """
    require(req, "stateMachineArn")
    arn = req["stateMachineArn"]
    parts = parse_machine_arn(arn)
    if parts.qualifier is not None:
        raise errors.InvalidArn(
            f"Invalid Arn: 'Resource type not valid in this context: {arn}'")
    db = store(ctx)
    machine = db.machine(arn)
    wanted = req.get("revisionId")
    if wanted is not None and wanted != machine.revision_id:
        raise errors.ConflictException(
            f"Failed to publish the State Machine version for revision {wanted}. The current"
            f" State Machine revision is {machine.revision_id}.")
    version = db.publish(machine, req.get("description") or "")
    return {"creationDate": wall(version.revision.created),
            "stateMachineVersionArn": version.arn}


@service.operation("ListStateMachineVersions")
def list_state_machine_versions(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Newest first.
    https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListStateMachineVersions.html
    """
    require(req, "stateMachineArn")
    parts = parse_machine_arn(req["stateMachineArn"])
    db = store(ctx)
    db.machine(parts.unqualified)
    items, token = page(db.versions(parts.unqualified), req.get("nextToken"),
                        req.get("maxResults"))
    out: dict[str, Any] = {"stateMachineVersions": [
        {"stateMachineVersionArn": v.arn, "creationDate": wall(v.revision.created)}
        for v in items]}
    if token:
        out["nextToken"] = token
    return out


@service.operation("DeleteStateMachineVersion")
def delete_state_machine_version(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """A version an alias routes to cannot be deleted (ConflictException); an unknown
    version deletes without error.
    https://docs.aws.amazon.com/step-functions/latest/apireference/API_DeleteStateMachineVersion.html
    """
    require(req, "stateMachineVersionArn")
    arn = req["stateMachineVersionArn"]
    parts = parse_machine_arn(arn)
    if parts.qualifier is None or not parts.qualifier.isdigit():
        raise errors.InvalidArn(
            f"Invalid Arn: 'Resource type not valid in this context: {arn}'")
    db = store(ctx)
    for alias in db.aliases(parts.unqualified):
        if any(r.get("stateMachineVersionArn") == arn for r in alias.routing):
            raise errors.ConflictException(
                f"Version to be deleted must not be referenced by an alias. Current list of"
                f" aliases referencing this version: [{alias.name}]")
    db.delete_version(parts.unqualified, int(parts.qualifier))
    return {}


@service.operation("ValidateStateMachineDefinition")
def validate_state_machine_definition(ctx: RequestContext,
                                      req: dict[str, Any]) -> dict[str, Any]:
    """Diagnostics instead of an error: ``result`` FAIL when any is an ERROR.
    https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinition.html
    """
    require(req, "definition")
    found = validation.check(req["definition"], req.get("type") or "STANDARD")
    if req.get("severity", "ERROR") == "ERROR":
        shown = [d for d in found if d.severity == validation.ERROR]
    else:
        shown = found
    limit = int(req.get("maxResults") or 100)
    result = "FAIL" if any(d.severity == validation.ERROR for d in found) else "OK"
    return {"result": result, "diagnostics": [d.as_dict() for d in shown[:limit]],
            "truncated": len(shown) > limit}


# The alias and tag operations live beside these (imported for their registrations).
importlib.import_module("cloudlet.services.stepfunctions.operations.aliases")
importlib.import_module("cloudlet.services.stepfunctions.operations.tags")
