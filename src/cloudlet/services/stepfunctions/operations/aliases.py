"""State machine aliases: a name routing starts to one or two published versions by
weight (the weights sum to 100).

https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachineAlias.html
- The alias belongs to the machine of its versions (both versions of one machine); its ARN
  is ``<machine ARN>:<alias name>``. An alias name cannot be only digits (that is a version).
- Creating an alias that exists with the same description and routing answers it again;
  different is ConflictException.
"""

from __future__ import annotations

import re
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.services.stepfunctions import arns, errors
from cloudlet.services.stepfunctions.machines import Alias, Store, parse_machine_arn, store
from cloudlet.services.stepfunctions.operations.common import page, require, wall
from cloudlet.services.stepfunctions.registry import service

_ALIAS_NAME = re.compile(r"^(?=.*[a-zA-Z_\-.])[a-zA-Z0-9_\-.]{1,80}$")


def _routing(db: Store, routes: Any) -> tuple[str, list[dict[str, Any]]]:
    """The machine ARN and the checked routing configuration."""
    if not isinstance(routes, list) or not 1 <= len(routes) <= 2:
        raise errors.ValidationException(
            "Routing configuration must contain one or two state machine versions")
    machine = ""
    out: list[dict[str, Any]] = []
    for route in routes:
        arn = str(route.get("stateMachineVersionArn", ""))
        parts = parse_machine_arn(arn)
        if parts.qualifier is None or not parts.qualifier.isdigit():
            raise errors.ValidationException(
                f"Routing configuration must contain state machine version ARNs: {arn}")
        if machine and parts.unqualified != machine:
            raise errors.ValidationException(
                "Routing configuration versions must belong to the same state machine")
        machine = parts.unqualified
        if db.version(machine, int(parts.qualifier)) is None:
            raise errors.ResourceNotFound(f"Resource not found: '{arn}'", resourceName=arn)
        weight = route.get("weight")
        if not isinstance(weight, int) or not 0 <= weight <= 100:
            raise errors.ValidationException("Routing weight must be between 0 and 100")
        out.append({"stateMachineVersionArn": arn, "weight": weight})
    if len({r["stateMachineVersionArn"] for r in out}) != len(out):
        raise errors.ValidationException(
            "Routing configuration must not contain duplicate state machine versions")
    if sum(r["weight"] for r in out) != 100:
        raise errors.ValidationException("Sum of routing configuration weights must be 100")
    return machine, out


def _alias_parts(arn: str) -> tuple[str, str]:
    parts = parse_machine_arn(arn)
    if parts.qualifier is None or parts.qualifier.isdigit():
        raise errors.InvalidArn(
            f"Invalid Arn: 'Resource type not valid in this context: {arn}'")
    return parts.unqualified, parts.qualifier


def _get(db: Store, arn: str) -> Alias:
    machine, name = _alias_parts(arn)
    found = db.alias(machine, name)
    if found is None:
        raise errors.resource_not_found(arn)
    return found


@service.operation("CreateStateMachineAlias")
def create_state_machine_alias(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachineAlias.html"""
    require(req, "name", "routingConfiguration")
    name = req["name"]
    if not isinstance(name, str) or not _ALIAS_NAME.match(name):
        raise errors.InvalidName(f"Invalid Name: '{name}'")
    db = store(ctx)
    machine, routing = _routing(db, req["routingConfiguration"])
    description = req.get("description") or ""
    found = db.alias(machine, name)
    if found is not None:
        if (found.description, found.routing) != (description, routing):
            raise errors.ConflictException(
                f"Failed to create alias because an alias with the same name and a different"
                f" routing configuration already exists: '{found.arn}'")
        return {"stateMachineAliasArn": found.arn, "creationDate": wall(found.created)}
    now = ctx.state.clock.now()
    alias = Alias(machine, name, description, routing, now, now)
    db.put_alias(alias)
    return {"stateMachineAliasArn": arns.alias_arn(machine, name), "creationDate": wall(now)}


@service.operation("DescribeStateMachineAlias")
def describe_state_machine_alias(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachineAlias.html"""
    require(req, "stateMachineAliasArn")
    alias = _get(store(ctx), req["stateMachineAliasArn"])
    out: dict[str, Any] = {"stateMachineAliasArn": alias.arn, "name": alias.name,
                           "routingConfiguration": alias.routing,
                           "creationDate": wall(alias.created),
                           "updateDate": wall(alias.updated)}
    if alias.description:
        out["description"] = alias.description
    return out


@service.operation("UpdateStateMachineAlias")
def update_state_machine_alias(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateStateMachineAlias.html"""
    require(req, "stateMachineAliasArn")
    if req.get("description") is None and req.get("routingConfiguration") is None:
        raise errors.MissingRequiredParameter(
            "Either the description or the RoutingConfiguration must be specified")
    db = store(ctx)
    alias = _get(db, req["stateMachineAliasArn"])
    routing = alias.routing
    if req.get("routingConfiguration") is not None:
        machine, routing = _routing(db, req["routingConfiguration"])
        if machine != alias.machine:
            raise errors.ValidationException(
                "Routing configuration versions must belong to the alias's state machine")
    description = alias.description if req.get("description") is None else req["description"]
    now = ctx.state.clock.now()
    db.put_alias(Alias(alias.machine, alias.name, description, routing, alias.created, now))
    return {"updateDate": wall(now)}


@service.operation("DeleteStateMachineAlias")
def delete_state_machine_alias(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """https://docs.aws.amazon.com/step-functions/latest/apireference/API_DeleteStateMachineAlias.html"""
    require(req, "stateMachineAliasArn")
    machine, name = _alias_parts(req["stateMachineAliasArn"])
    store(ctx).delete_alias(machine, name)
    return {}


@service.operation("ListStateMachineAliases")
def list_state_machine_aliases(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListStateMachineAliases.html"""
    require(req, "stateMachineArn")
    parts = parse_machine_arn(req["stateMachineArn"])
    db = store(ctx)
    db.machine(parts.unqualified)
    items, token = page(db.aliases(parts.unqualified), req.get("nextToken"),
                        req.get("maxResults"))
    out: dict[str, Any] = {"stateMachineAliases": [
        {"stateMachineAliasArn": a.arn, "creationDate": wall(a.created)} for a in items]}
    if token:
        out["nextToken"] = token
    return out
