"""Starting stack operations: what CreateStack, UpdateStack, DeleteStack and
ExecuteChangeSet share once the request is checked."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cloudlet.cloudformation import flows
from cloudlet.cloudformation.records import StackRecord
from cloudlet.cloudformation.run import principal_doc
from cloudlet.server.errors import ValidationError, not_supported
from cloudlet.services.cloudformation.finding import engine

if TYPE_CHECKING:
    from cloudlet.cloudformation.prepare import Prepared
    from cloudlet.server.context import RequestContext

# What an update can start from; anything else is "in X state and can not be updated".
UPDATABLE = frozenset({"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE",
                       "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE", "UPDATE_FAILED"})
# The fields of a stack an update rolls back to.
_SNAPSHOT = flows.RESTORED_ON_ROLLBACK


def refuse_unsupported(req: Mapping[str, Any]) -> None:
    """Request members cloudlet does not apply fail clearly instead of being ignored."""
    for member in ("StackPolicyBody", "StackPolicyURL", "StackPolicyDuringUpdateBody",
                   "StackPolicyDuringUpdateURL"):
        if req.get(member):
            raise not_supported(f"{member} (stack policies)")
    if (req.get("RollbackConfiguration") or {}).get("RollbackTriggers"):
        raise not_supported("RollbackConfiguration.RollbackTriggers")


def new_stack_id(ctx: RequestContext, name: str) -> str:
    return f"arn:aws:cloudformation:{ctx.region}:{ctx.account}:stack/{name}/{uuid.uuid4()}"


def new_stack(ctx: RequestContext, name: str, stack_id: str | None = None,
              status: str = "CREATE_IN_PROGRESS") -> StackRecord:
    return StackRecord(stack_id or new_stack_id(ctx, name), name, ctx.account, ctx.region,
                       status, ctx.state.clock.now(), principal=principal_doc(ctx.caller))


def _description(template: dict[str, Any]) -> str | None:
    found = template.get("Description")
    return str(found) if isinstance(found, str) else None


def apply_request(ctx: RequestContext, stack: StackRecord, prepared: Prepared,
                  req: Mapping[str, Any]) -> None:
    """The stack's template, parameters and settings from the request."""
    stack.template_body = prepared.body
    stack.processed = prepared.processed
    stack.parameters = prepared.values
    stack.described_parameters = prepared.evaluated.described_parameters
    stack.description = _description(prepared.processed)
    stack.capabilities = list(req.get("Capabilities") or [])
    if req.get("NotificationARNs") is not None:
        stack.notification_arns = list(req["NotificationARNs"])
    if req.get("RoleARN"):
        stack.role_arn = req["RoleARN"]
    if req.get("Tags") is not None:
        stack.tags = [{"Key": t["Key"], "Value": t["Value"]} for t in req["Tags"]]
    stack.principal = principal_doc(ctx.caller)
    stack.client_request_token = req.get("ClientRequestToken")


def start_create(ctx: RequestContext, stack: StackRecord, prepared: Prepared,
                 req: Mapping[str, Any]) -> None:
    apply_request(ctx, stack, prepared, req)
    stack.operation = "CREATE"
    if req.get("DisableRollback") is not None:
        stack.disable_rollback = bool(req["DisableRollback"])
    stack.on_failure = req.get("OnFailure") or req.get("OnStackFailure") or "ROLLBACK"
    if stack.on_failure == "DO_NOTHING":
        stack.disable_rollback = True
    if req.get("RetainExceptOnCreate") is not None:
        stack.retain_except_on_create = bool(req["RetainExceptOnCreate"])
    if req.get("TimeoutInMinutes"):
        stack.timeout = int(req["TimeoutInMinutes"])
    if req.get("EnableTerminationProtection") is not None:
        stack.termination_protection = bool(req["EnableTerminationProtection"])
    engine(ctx).launch(stack, flows.create_stack, prepared.evaluated, "CREATE_IN_PROGRESS")


def check_updatable(stack: StackRecord) -> None:
    if stack.status not in UPDATABLE:
        raise ValidationError(f"Stack:{stack.stack_id} is in {stack.status} state and can "
                              "not be updated.")


def start_update(ctx: RequestContext, stack: StackRecord, prepared: Prepared,
                 req: Mapping[str, Any]) -> None:
    stack.previous = {name: getattr(stack, name) for name in _SNAPSHOT}
    apply_request(ctx, stack, prepared, req)
    stack.operation = "UPDATE"
    stack.updated = ctx.state.clock.now()
    if req.get("DisableRollback") is not None:
        stack.disable_rollback = bool(req["DisableRollback"])
    engine(ctx).launch(stack, flows.update_stack, prepared.evaluated, "UPDATE_IN_PROGRESS")


def start_delete(ctx: RequestContext, stack: StackRecord, retain: set[str]) -> None:
    stack.previous_status = stack.status
    stack.operation = "DELETE"
    engine(ctx).launch(stack, lambda run: flows.delete_stack(run, retain), None,
                       "DELETE_IN_PROGRESS")
