"""One resource's step in an operation: create, update (in place or by replacement),
delete, and the undo of an update, each recorded before and after its provider call.

A failed step records the resource's ``*_FAILED`` status with the provider's message and
raises ``StepFailed``; a step cancelled while it runs (another resource failed) records
"Resource creation cancelled" / "Resource update cancelled" and re-raises.

Update journal (see ``records``): an updated resource keeps what it was in ``prev`` and
what was done in ``action``: ``create`` (new in this update), ``update`` (changed in
place), ``replace`` (a new physical resource; the old one is deleted at cleanup),
``remove`` (no longer in the template; deleted at cleanup) and, during a rollback,
``discard`` (the old resource is back; the replacement in ``prev`` is deleted at cleanup).
"""

from __future__ import annotations

import asyncio
import copy
from typing import TYPE_CHECKING, Any

from cloudlet.cloudformation.coercion import coerce_properties
from cloudlet.cloudformation.providers.base import NeedsReplacement, Outcome, ProviderError
from cloudlet.cloudformation.records import ResourceRecord, from_doc
from cloudlet.cloudformation.run import failure_text
from cloudlet.cloudformation.schemas import property_errors, schema

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from cloudlet.cloudformation.providers.base import Provider
    from cloudlet.cloudformation.run import Run
    from cloudlet.cloudformation.template import ResourceDecl

REPLACING = ("Requested update requires the creation of a new physical resource; "
             "hence creating one.")
RETAINED = frozenset({"Retain", "RetainExceptOnCreate", "Snapshot"})


class StepFailed(Exception):
    """A resource step failed; its status and reason are already recorded."""


def snapshot(record: ResourceRecord) -> dict[str, Any]:
    doc = copy.deepcopy(record.doc())
    doc["action"] = doc["prev"] = None
    return doc


async def _attempt(run: Run, record: ResourceRecord, failed: str, cancelled: str,
                   action: Awaitable[Outcome | None]) -> Outcome | None:
    try:
        return await action
    except asyncio.CancelledError:
        run.save(record, failed, cancelled)
        raise
    except NeedsReplacement:
        raise
    except Exception as error:
        run.save(record, failed, failure_text(error))
        raise StepFailed(record.logical_id) from error


def _fail(run: Run, record: ResourceRecord, failed: str, reason: str) -> StepFailed:
    run.save(record, failed, reason)
    return StepFailed(record.logical_id)


def _resolve(run: Run, decl: ResourceDecl, record: ResourceRecord, failed: str) -> dict[str, Any]:
    assert run.evaluated is not None
    try:
        resolved = run.evaluated.resolve(decl.properties, run.lookup)
    except Exception as error:
        run.save(record, failed.replace("FAILED", "IN_PROGRESS"))
        raise _fail(run, record, failed, failure_text(error)) from error
    return coerce_properties(decl.type_name, dict(resolved or {}))


def _declared(record: ResourceRecord, decl: ResourceDecl) -> None:
    record.deletion_policy = decl.deletion_policy
    record.update_replace_policy = decl.update_replace_policy
    record.metadata = decl.metadata
    record.depends_on = sorted(decl.depends_on)


def _applied(record: ResourceRecord, outcome: Outcome, properties: dict[str, Any]) -> None:
    record.physical_id = outcome.physical_id
    record.attributes = dict(outcome.attributes)
    record.ref = outcome.ref
    record.properties = properties


async def _creating(record: ResourceRecord, properties: dict[str, Any],
                    action: Awaitable[Outcome]) -> Outcome:
    """A provider's create; when it fails but names the physical resource it left
    (``ProviderError.physical_id``), the record keeps that id and the properties, so the
    rollback deletes it (a custom resource is sent its Delete)."""
    try:
        return await action
    except ProviderError as error:
        if error.physical_id:
            record.physical_id = error.physical_id
            record.properties = properties
        raise


async def create(run: Run, decl: ResourceDecl) -> None:
    """Create a resource new to the stack."""
    record = ResourceRecord(decl.logical_id, decl.type_name, "CREATE_IN_PROGRESS", run.now(),
                            action="create")
    _declared(record, decl)
    props = _resolve(run, decl, record, "CREATE_FAILED")
    run.save(record, "CREATE_IN_PROGRESS", properties=props)
    problem = property_errors(decl.type_name, decl.logical_id, props)
    if problem:
        raise _fail(run, record, "CREATE_FAILED", problem)
    try:
        provider = run.provider(decl.type_name)
    except Exception as error:
        raise _fail(run, record, "CREATE_FAILED", failure_text(error)) from error
    ctx = run.context(record, props)
    outcome = await _attempt(run, record, "CREATE_FAILED", "Resource creation cancelled",
                             _creating(record, props, provider.create(ctx)))
    assert outcome is not None
    _applied(record, outcome, props)
    run.save(record, "CREATE_COMPLETE")


def _needs_replacement(old: ResourceRecord, decl: ResourceDecl, props: dict[str, Any],
                       provider: Provider) -> bool:
    if old.type_name != decl.type_name or not provider.can_update():
        return True
    found = schema(decl.type_name)
    create_only = (found.create_only if found else frozenset()) | provider.replaces
    return any(old.properties.get(k) != props.get(k) for k in create_only)


async def update(run: Run, decl: ResourceDecl, old: ResourceRecord) -> None:
    """Bring an existing resource to its new declaration (nothing if unchanged)."""
    record = copy.deepcopy(old)
    _declared(record, decl)
    props = _resolve(run, decl, record, "UPDATE_FAILED")
    if old.type_name == decl.type_name and props == old.properties:
        run.save(record, event=False)
        return
    record.prev, record.action = snapshot(old), "update"
    problem = property_errors(decl.type_name, decl.logical_id, props)
    try:
        provider = run.provider(decl.type_name)
    except Exception as error:
        problem = failure_text(error)
    if problem:
        run.save(record, "UPDATE_IN_PROGRESS", properties=props)
        raise _fail(run, record, "UPDATE_FAILED", problem)
    if _needs_replacement(old, decl, props, provider):
        await _replace(run, decl, record, props, provider)
        return
    run.save(record, "UPDATE_IN_PROGRESS", properties=props)
    ctx = run.context(record, props, previous=old.properties, physical_id=old.physical_id,
                      attributes=old.attributes)
    try:
        outcome = await _attempt(run, record, "UPDATE_FAILED", "Resource update cancelled",
                                 provider.update(ctx))
    except NeedsReplacement:
        await _replace(run, decl, record, props, provider)
        return
    assert outcome is not None
    _applied(record, outcome, props)
    if record.physical_id != old.physical_id:
        # The provider made a new physical resource (a custom resource may): the old one
        # goes at cleanup, as after a replacement.
        record.action = "replace"
    run.save(record, "UPDATE_COMPLETE")


async def _replace(run: Run, decl: ResourceDecl, record: ResourceRecord,
                   props: dict[str, Any], provider: Provider) -> None:
    record.action = "replace"
    record.type_name = decl.type_name
    run.save(record, "UPDATE_IN_PROGRESS", REPLACING, properties=props)
    ctx = run.context(record, props)
    outcome = await _attempt(run, record, "UPDATE_FAILED", "Resource update cancelled",
                             provider.create(ctx))
    assert outcome is not None
    _applied(record, outcome, props)
    run.save(record, "UPDATE_COMPLETE")


async def delete(run: Run, record: ResourceRecord, *, retain: bool = False,
                 keep: bool = True) -> None:
    """Delete the resource (``retain``: leave it, DELETE_SKIPPED). ``keep`` records the
    row; without it only the events are written (an old or discarded physical resource
    whose row now describes another)."""
    if record.status in ("DELETE_COMPLETE", "DELETE_SKIPPED"):
        return
    if retain:
        run.save(record, "DELETE_SKIPPED", keep=keep)
        return
    if record.physical_id is None:
        run.save(record, "DELETE_COMPLETE", keep=keep)
        return
    run.save(record, "DELETE_IN_PROGRESS", keep=keep)
    try:
        provider = run.provider(record.type_name)
        ctx = run.context(record, record.properties, physical_id=record.physical_id,
                          attributes=record.attributes)
        await provider.delete(ctx)
    except Exception as error:
        run.save(record, "DELETE_FAILED", failure_text(error), keep=keep)
        raise StepFailed(record.logical_id) from error
    run.save(record, "DELETE_COMPLETE", keep=keep)


async def revert(run: Run, record: ResourceRecord) -> None:
    """Undo this update's change to one resource (the first phase of an update rollback):
    an in-place change is applied back; a replaced resource's row describes the old one
    again (the replacement is deleted at cleanup)."""
    if record.action == "remove":
        record.action = None
        run.save(record, event=False)
        return
    if record.action not in ("update", "replace") or record.prev is None:
        return
    before = from_doc(ResourceRecord, record.prev)
    if record.action == "replace":
        discarded = snapshot(record)
        before.action, before.prev = "discard", discarded
        run.save(before, "UPDATE_COMPLETE")
        return
    run.save(record, "UPDATE_IN_PROGRESS", properties=before.properties)
    provider = run.provider(before.type_name)
    ctx = run.context(record, before.properties, previous=record.properties,
                      physical_id=record.physical_id, attributes=record.attributes)
    try:
        outcome = await provider.update(ctx)
    except Exception as error:
        run.save(record, "UPDATE_FAILED", failure_text(error))
        raise StepFailed(record.logical_id) from error
    before.attributes = dict(outcome.attributes) or before.attributes
    before.physical_id = outcome.physical_id or before.physical_id
    run.save(before, "UPDATE_COMPLETE")


async def clean_up(run: Run, record: ResourceRecord) -> None:
    """The cleanup phase's work on one resource: delete what the operation left behind
    (the old resource of a replacement, a removed resource, a discarded replacement, a
    resource an update rollback created) and clear the journal."""
    action = record.action
    if action in ("replace", "discard") and record.prev is not None:
        other = from_doc(ResourceRecord, record.prev)
        policy = record.update_replace_policy if action == "replace" else "Delete"
        if other.physical_id != record.physical_id:
            await delete(run, other, retain=policy in RETAINED, keep=False)
    elif action == "remove" or (action == "create" and run.rolling_back):
        await delete(run, record, retain=record.deletion_policy in RETAINED)
        run.forget(record.logical_id)
        return
    if action is not None:
        record.action = record.prev = None
        run.save(record, event=False)
