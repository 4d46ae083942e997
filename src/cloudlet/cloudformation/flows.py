"""The stack operations, as CloudFormation runs them, status by status (the first
status and its "User Initiated" event are recorded by ``Engine.launch`` before the API
answers).

- create: CREATE_IN_PROGRESS, resources in dependency order -> CREATE_COMPLETE; on a
  failure (or after TimeoutInMinutes on the server's clock) ROLLBACK_IN_PROGRESS (everything created deleted) -> ROLLBACK_COMPLETE (or
  ROLLBACK_FAILED); with DisableRollback / OnFailure=DO_NOTHING -> CREATE_FAILED; with
  OnFailure=DELETE the stack is then deleted.
- update: UPDATE_IN_PROGRESS, each resource created, updated in place, replaced or left
  alone -> UPDATE_COMPLETE_CLEANUP_IN_PROGRESS (old and removed resources deleted) ->
  UPDATE_COMPLETE; on a failure UPDATE_ROLLBACK_IN_PROGRESS (changes undone) ->
  UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS (new resources deleted) ->
  UPDATE_ROLLBACK_COMPLETE, the stack as it was.
- delete: DELETE_IN_PROGRESS, reverse dependency order, DeletionPolicy honoured ->
  DELETE_COMPLETE (or DELETE_FAILED); a stack whose export another stack imports goes
  back to its status with AWS's reason.
- recover: what a restart does with an operation it finds in progress: roll it back (or
  finish its cleanup or delete).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

from cloudlet.cloudformation import steps
from cloudlet.cloudformation.run import failure_text
from cloudlet.cloudformation.scheduler import Result, run_ordered

if TYPE_CHECKING:
    from cloudlet.cloudformation.records import ResourceRecord
    from cloudlet.cloudformation.run import Run

INTERRUPTED = "The operation was interrupted by a restart of cloudlet. "
TIMED_OUT = "Stack creation time exceeded the specified timeout. "
# The stack state an update can put back (StackRecord fields).
RESTORED_ON_ROLLBACK = ("template_body", "processed", "parameters", "described_parameters",
                        "outputs", "imports", "description", "capabilities", "tags",
                        "notification_arns", "role_arn")


def _deps(records: dict[str, ResourceRecord]) -> dict[str, list[str]]:
    return {lid: r.depends_on for lid, r in records.items()}


def _listed(what: str, ids: list[str]) -> str:
    return f"The following resource(s) failed to {what}: [{', '.join(sorted(ids))}]. "


def _own_exports(run: Run) -> dict[str, str]:
    stack = run.stack
    return {name: value for name, (owner, value)
            in run.store.exports(stack.account, stack.region).items()
            if owner == stack.stack_id}


def _users(run: Run, name: str) -> list[str]:
    stack = run.stack
    return [s for s in run.store.importers(stack.account, stack.region, name) if s != stack.name]


def _apply_outputs(run: Run) -> str | None:
    """Evaluate Outputs and publish the stack's exports; the failure reason, or None."""
    assert run.evaluated is not None
    stack = run.stack
    try:
        outputs = run.evaluated.outputs(run.lookup)
    except Exception as error:
        return failure_text(error)
    exports = {str(o["ExportName"]): str(o["OutputValue"]) for o in outputs
               if o.get("ExportName")}
    for name, (owner, _value) in run.store.exports(stack.account, stack.region).items():
        if name in exports and owner != stack.stack_id:
            other = run.store.stack(owner)
            return (f"Export with name {name} is already exported by stack "
                    f"{other.name if other else owner}")
    for name, value in _own_exports(run).items():
        users = _users(run, name)
        if users and name not in exports:
            return f"Export {name} cannot be deleted as it is in use by {users[0]}"
        if users and exports[name] != value:
            return f"Cannot update export {name} as it is in use by {users[0]}"
    stack.outputs = outputs
    stack.imports = sorted(run.lookup.imported)
    run.store.set_exports(stack, exports)
    return None


def _clear_journal(run: Run) -> None:
    for record in list(run.resources.values()):
        if record.action is not None or record.prev is not None:
            record.action = record.prev = None
            run.save(record, event=False)


async def _delete_all(run: Run, retain: set[str], *, on_create_rollback: bool) -> list[str]:
    """Delete every resource in reverse dependency order; the ids that failed."""
    records = dict(run.resources)

    def retained(record: ResourceRecord) -> bool:
        policy = record.deletion_policy
        if on_create_rollback and (policy == "RetainExceptOnCreate"
                                   or run.stack.retain_except_on_create):
            return False
        return record.logical_id in retain or policy in steps.RETAINED

    result = await run_ordered(
        records, _deps(records),
        lambda lid: steps.delete(run, records[lid], retain=retained(records[lid])),
        reverse=True, cancel=False)
    return sorted(result.failed)


# -- create -------------------------------------------------------------------------------

async def _within(run: Run, minutes: int | None, work: Awaitable[Result]) -> Result | None:
    """``work``'s result, or None once ``minutes`` have passed on the server's clock (the
    work is then cancelled: its running steps record their cancellation)."""
    task = asyncio.ensure_future(work)
    timer = asyncio.ensure_future(run.engine.state.clock.sleep(minutes * 60)) \
        if minutes else None
    try:
        await asyncio.wait([t for t in (task, timer) if t is not None],
                           return_when=asyncio.FIRST_COMPLETED)
    finally:
        if timer is not None:
            timer.cancel()
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    return None if task.cancelled() else task.result()


async def create_stack(run: Run) -> None:
    assert run.evaluated is not None
    decls = run.evaluated.resources
    result = await _within(run, run.stack.timeout, run_ordered(
        decls, {k: d.depends_on for k, d in decls.items()},
        lambda lid: steps.create(run, decls[lid])))
    if result is None:
        await fail_create(run, TIMED_OUT)
        return
    reason = _apply_outputs(run) if result.ok else _listed("create", list(result.failed))
    if reason is None:
        _clear_journal(run)
        run.stack_event("CREATE_COMPLETE")
        return
    await fail_create(run, reason)


async def fail_create(run: Run, reason: str) -> None:
    stack = run.stack
    if stack.disable_rollback or stack.on_failure == "DO_NOTHING":
        run.stack_event("CREATE_FAILED", reason)
        return
    run.rolling_back = True
    requested = "Delete" if stack.on_failure == "DELETE" else "Rollback"
    run.stack_event("ROLLBACK_IN_PROGRESS", f"{reason}{requested} requested by user.")
    failed = await _delete_all(run, set(), on_create_rollback=True)
    if failed:
        run.stack_event("ROLLBACK_FAILED", _listed("delete", failed))
        return
    if stack.on_failure == "DELETE":
        run.stack_event("DELETE_IN_PROGRESS")
        _deleted(run)
        return
    _clear_journal(run)
    run.stack_event("ROLLBACK_COMPLETE")


# -- update -------------------------------------------------------------------------------

async def update_stack(run: Run) -> None:
    assert run.evaluated is not None
    decls = run.evaluated.resources

    async def step(lid: str) -> None:
        old = run.resources.get(lid)
        if old is None or not old.exists:
            if old is not None:
                run.forget(lid)
            await steps.create(run, decls[lid])
        else:
            await steps.update(run, decls[lid], old)

    result = await run_ordered(decls, {k: d.depends_on for k, d in decls.items()}, step)
    if result.ok:
        reason = _apply_outputs(run)
    else:
        created = [lid for lid in result.failed if run.resources[lid].action == "create"]
        updated = [lid for lid in result.failed if lid not in created]
        reason = "".join(_listed(what, ids) for what, ids in
                         (("create", created), ("update", updated)) if ids)
    if reason is not None:
        if run.stack.disable_rollback:
            run.stack_event("UPDATE_FAILED", reason)
            return
        await rollback_update(run, reason)
        return
    for lid, record in list(run.resources.items()):
        if lid not in decls:
            record.action = "remove"
            run.save(record, event=False)
    run.stack_event("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")
    await finish_update(run)


async def finish_update(run: Run) -> None:
    await _clean_up(run)
    run.stack.previous = None
    run.stack_event("UPDATE_COMPLETE")


async def _clean_up(run: Run) -> None:
    pending = {lid: r for lid, r in run.resources.items() if r.action is not None}
    await run_ordered(pending, _deps(pending),
                      lambda lid: steps.clean_up(run, run.resources[lid]),
                      reverse=True, cancel=False)


def _restore_previous(run: Run) -> None:
    previous: dict[str, Any] | None = run.stack.previous
    if not previous:
        return
    for name in RESTORED_ON_ROLLBACK:
        if name in previous:
            setattr(run.stack, name, previous[name])
    run.store.set_exports(run.stack, {str(o["ExportName"]): str(o["OutputValue"])
                                      for o in run.stack.outputs if o.get("ExportName")})


async def rollback_update(run: Run, reason: str) -> None:
    run.rolling_back = True
    run.stack_event("UPDATE_ROLLBACK_IN_PROGRESS", reason)
    touched = {lid: r for lid, r in run.resources.items() if r.action is not None}
    result = await run_ordered(touched, _deps(touched),
                               lambda lid: steps.revert(run, run.resources[lid]),
                               reverse=True, cancel=False)
    if result.failed:
        run.stack_event("UPDATE_ROLLBACK_FAILED", _listed("update", list(result.failed)))
        return
    _restore_previous(run)
    run.stack_event("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS")
    await finish_rollback(run)


async def continue_rollback(run: Run, skip: set[str]) -> None:
    """ContinueUpdateRollback: the resources in ``skip`` count as rolled back; the rest
    are reverted again."""
    for lid in skip:
        record = run.resources.get(lid)
        if record is not None and record.action in ("update", "replace"):
            record.action = record.prev = None
            run.save(record, "UPDATE_COMPLETE")
    await rollback_update(run, "User Initiated")


async def finish_rollback(run: Run) -> None:
    run.rolling_back = True
    await _clean_up(run)
    _restore_previous(run)
    run.stack.previous = None
    run.stack_event("UPDATE_ROLLBACK_COMPLETE")


# -- delete -------------------------------------------------------------------------------

async def delete_stack(run: Run, retain: set[str]) -> None:
    prior = run.stack.previous_status or "CREATE_COMPLETE"
    for name in _own_exports(run):
        users = _users(run, name)
        if users:
            run.stack_event(prior, f"Export {name} cannot be deleted as it is in use by "
                                   f"{users[0]}")
            return
    failed = await _delete_all(run, retain, on_create_rollback=False)
    if failed:
        run.stack_event("DELETE_FAILED", _listed("delete", failed))
        return
    _deleted(run)


async def delete_after_cancel(run: Run) -> None:
    """DeleteStack during a create: the creation was cancelled; delete what it made."""
    run.stack.previous_status = "CREATE_FAILED"
    run.stack.operation = "DELETE"
    run.stack_event("DELETE_IN_PROGRESS", "User Initiated")
    await delete_stack(run, set())


def _deleted(run: Run) -> None:
    run.store.set_exports(run.stack, {})
    run.store.drop_change_sets(run.stack.stack_id)
    run.stack.deleted = run.now()
    run.stack.outputs = []
    run.stack_event("DELETE_COMPLETE")


# -- recovery -----------------------------------------------------------------------------

async def recover(run: Run) -> None:
    """Settle an operation a stopped server left in progress (see the module docstring)."""
    for record in list(run.resources.values()):
        if record.status.endswith("_IN_PROGRESS"):
            ended = record.status.replace("_IN_PROGRESS", "_FAILED")
            run.save(record, ended, INTERRUPTED.strip())
    status = run.stack.status
    if status in ("CREATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS"):
        run.stack.disable_rollback = False
        run.stack.on_failure = "ROLLBACK"
        await fail_create(run, INTERRUPTED)
    elif status in ("UPDATE_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS"):
        await rollback_update(run, INTERRUPTED)
    elif status == "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS":
        await finish_update(run)
    elif status == "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS":
        await finish_rollback(run)
    elif status == "DELETE_IN_PROGRESS":
        failed = await _delete_all(run, set(), on_create_rollback=False)
        if failed:
            run.stack_event("DELETE_FAILED", _listed("delete", failed))
        else:
            _deleted(run)
