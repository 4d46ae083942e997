"""Saved test events per function, kept where the AWS console keeps them.

https://docs.aws.amazon.com/lambda/latest/dg/testing-functions.html
- A *private* test event is seen (and changed) only by the principal that saved it. It
  needs no permission, as on AWS, and lives in the console's own SQLite file per account
  and region under ``<data>/console/``, keyed by function, owner and name.
- A *shareable* one is seen by anyone in the account, and lives in the EventBridge
  Schemas registry as the AWS console and ``sam remote test-event`` keep it: registry
  ``lambda-testevent-schemas``, schema ``_{function}-schema`` (OpenApi3), each event under
  ``components.examples.{name}.value`` with ``x-metadata`` ``{"invocationType":
  "RequestResponse"}``. The first event creates the registry if needed and the schema from
  GetDiscoveredSchema; later ones update it (a new schema version; past 5 versions the
  oldest is deleted first, as the SAM CLI does); deleting the last event deletes the
  schema. So an event put with ``sam remote test-event put`` shows here, and one saved here
  is read by ``sam remote test-event get``.
- The schemas calls are made as the viewer (``View.call``), so IAM applies: under ``--iam
  enforce`` a viewer without ``schemas:*`` permissions sees the service's
  ForbiddenException for shareable events on the page, and can still save private ones.
- A name has 1 to 25 letters, digits, dots, hyphens and underscores; the event must be
  JSON.

The pages: ``POST /functions/{name}/events`` saves (create or edit), ``POST
/functions/{name}/events/delete`` deletes; the function's Test tab picks one with
``?event=NAME&shared=1``.

LIMITATIONS: there is no "copy a private event to shareable" action (save it again under
the other kind); a shareable event shows no owner (the registry keeps none); shareable
events saved in the console's own file by older cloudlet versions are no longer shown.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cloudlet import storage
from cloudlet.console.site import page
from cloudlet.console.view import Failed, View
from cloudlet.server.http import Response

if TYPE_CHECKING:
    from cloudlet.server.errors import ServiceError
    from cloudlet.server.state import ServerState

NAME = re.compile(r"[A-Za-z0-9._-]{1,25}")
NAME_RULE = ("Event name must be 1 to 25 characters: letters, numbers, dots, hyphens "
             "and underscores.")
REGISTRY = "lambda-testevent-schemas"
SCHEMA_TYPE = "OpenApi3"
MAX_SCHEMA_VERSIONS = 5
METADATA = {"invocationType": "RequestResponse"}
DEFAULT_EVENT = '{\n  "key1": "value1",\n  "key2": "value2",\n  "key3": "value3"\n}'
_SCHEMA = """
CREATE TABLE IF NOT EXISTS test_events (
    function TEXT NOT NULL,
    name TEXT NOT NULL,
    shareable INTEGER NOT NULL,  -- always 0: shareable events live in the schema registry
    scope TEXT NOT NULL,   -- the owner's ARN
    owner TEXT NOT NULL,
    event TEXT NOT NULL,
    modified REAL NOT NULL,
    PRIMARY KEY (function, shareable, scope, name)
)"""
_EXTRA = "console.test_events"
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class SavedEvent:
    function: str
    name: str
    shareable: bool
    owner: str
    event: str
    modified: float


def checked(name: str, event: str) -> None:
    """``ValueError`` with the console's message when the name or the event is invalid."""
    if not NAME.fullmatch(name):
        raise ValueError(NAME_RULE)
    try:
        json.loads(event)
    except ValueError as error:
        raise ValueError(f"The event is not valid JSON: {error}") from None


class SavedEvents:
    """One account and region's private test events, as one viewer (``principal``)."""

    def __init__(self, conn: sqlite3.Connection, principal: str):
        self.conn = conn
        self.principal = principal

    def list(self, function: str) -> list[SavedEvent]:
        rows = self.conn.execute(
            "SELECT function, name, owner, event, modified FROM test_events "
            "WHERE function = ? AND shareable = 0 AND scope = ? ORDER BY name",
            (function, self.principal)).fetchall()
        return [SavedEvent(r[0], r[1], False, r[2], r[3], r[4]) for r in rows]

    def get(self, function: str, name: str) -> SavedEvent | None:
        return next((e for e in self.list(function) if e.name == name), None)

    def save(self, function: str, name: str, event: str, now: float) -> None:
        """Create or replace; ``ValueError`` with the console's message when invalid."""
        checked(name, event)
        with storage.transaction(self.conn):
            self.conn.execute(
                "INSERT OR REPLACE INTO test_events VALUES (?, ?, 0, ?, ?, ?, ?)",
                (function, name, self.principal, self.principal, event, now))

    def delete(self, function: str, name: str) -> bool:
        with storage.transaction(self.conn):
            done = self.conn.execute(
                "DELETE FROM test_events WHERE function = ? AND shareable = 0 AND scope = ? "
                "AND name = ?", (function, self.principal, name))
        return done.rowcount > 0


def saved_events(state: ServerState, account: str, region: str, principal: str) -> SavedEvents:
    """The private store of ``account`` and ``region`` (opened once per server)."""
    with _lock:
        conns: dict[tuple[str, str], sqlite3.Connection] = state.extras.setdefault(_EXTRA, {})
        conn = conns.get((account, region))
        if conn is None:
            conn = storage.connect(state.data_dir / "console" / account / region
                                   / "test_events.sqlite")
            conn.execute(_SCHEMA)
            conns[(account, region)] = conn
    return SavedEvents(conn, principal)


def of_view(view: View) -> SavedEvents:
    principal = view.viewer.principal
    arn = principal.arn if principal is not None else ""
    return saved_events(view.state, view.viewer.account, view.viewer.region, arn)


# --- shareable events: the schema registry ----------------------------------------------------

def schema_name(function: str) -> str:
    return f"_{function}-schema"


async def _schema(view: View, function: str) -> dict[str, Any] | None:
    """The function's test-event schema (DescribeSchema's answer), None when there is none;
    ``Failed`` on any other error (a denial)."""
    out, error = await view.attempt("schemas", "DescribeSchema", {
        "RegistryName": REGISTRY, "SchemaName": schema_name(function)})
    if error is not None:
        if error.error_code == "NotFoundException":
            return None
        raise Failed(error)
    return out


def _examples(content: str) -> dict[str, Any]:
    try:
        doc = json.loads(content)
        examples = doc["components"].get("examples") or {}
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}
    return examples if isinstance(examples, dict) else {}


async def shared_events(view: View, function: str) -> list[SavedEvent]:
    found = await _schema(view, function)
    if found is None:
        return []
    return [SavedEvent(function, name, True, "", json.dumps(example["value"], indent=2),
                       float(found.get("LastModified") or 0))
            for name, example in sorted(_examples(found["Content"]).items())
            if isinstance(example, dict) and "value" in example]


async def _limit_versions(view: View, function: str) -> None:
    versions = (await view.call("schemas", "ListSchemaVersions", {
        "RegistryName": REGISTRY, "SchemaName": schema_name(function)}))["SchemaVersions"]
    if len(versions) >= MAX_SCHEMA_VERSIONS:
        await view.call("schemas", "DeleteSchemaVersion", {
            "RegistryName": REGISTRY, "SchemaName": schema_name(function),
            "SchemaVersion": versions[0]["SchemaVersion"]})


def _with_event(content: str, name: str, event: str | None) -> str:
    doc = json.loads(content)
    examples = doc.setdefault("components", {}).setdefault("examples", {})
    if event is None:
        examples.pop(name, None)
    else:
        examples[name] = {"value": json.loads(event), "x-metadata": METADATA}
    return json.dumps(doc)


async def save_shared(view: View, function: str, name: str, event: str) -> None:
    """Add or replace ``name`` in the function's schema; ``Failed`` on an AWS error."""
    checked(name, event)
    found = await _schema(view, function)
    target = {"RegistryName": REGISTRY, "SchemaName": schema_name(function)}
    if found is not None:
        await _limit_versions(view, function)
        await view.call("schemas", "UpdateSchema", {
            **target, "Type": SCHEMA_TYPE, "Content": _with_event(found["Content"], name, event)})
        return
    _, missing = await view.attempt("schemas", "DescribeRegistry", {"RegistryName": REGISTRY})
    if missing is not None:
        if missing.error_code != "NotFoundException":
            raise Failed(missing)
        await view.call("schemas", "CreateRegistry", {"RegistryName": REGISTRY})
    discovered = await view.call("schemas", "GetDiscoveredSchema", {
        "Events": [event], "Type": SCHEMA_TYPE})
    await view.call("schemas", "CreateSchema", {
        **target, "Type": SCHEMA_TYPE,
        "Content": _with_event(discovered["Content"], name, event)})


async def delete_shared(view: View, function: str, name: str) -> None:
    found = await _schema(view, function)
    if found is None or name not in _examples(found["Content"]):
        return
    target = {"RegistryName": REGISTRY, "SchemaName": schema_name(function)}
    if len(_examples(found["Content"])) <= 1:
        await view.call("schemas", "DeleteSchema", target)
        return
    await _limit_versions(view, function)
    await view.call("schemas", "UpdateSchema", {
        **target, "Type": SCHEMA_TYPE, "Content": _with_event(found["Content"], name, None)})


def _said(error: ServiceError) -> str:
    return f"{error.error_code}: {error.message}"


# --- the Test tab and its forms -------------------------------------------------------------

async def test_tab(view: View, name: str) -> dict[str, Any]:
    """The Test tab's context: the viewer's private events, the shareable ones (or the
    registry's error, shown as ``shared_error``), the chosen one and the editor's draft."""
    events = of_view(view).list(name)
    shared_error: str | None = None
    try:
        events = sorted(events + await shared_events(view, name),
                        key=lambda e: (e.name, e.shareable))
    except Failed as failed:
        shared_error = _said(failed.error)
    chosen_name = view.query.get("event")
    shared = view.query.get("shared") == "1"
    chosen = next((e for e in events if e.name == chosen_name and e.shareable == shared), None)
    return {"events": events, "chosen": chosen, "shared_error": shared_error,
            "draft": chosen.event if chosen else DEFAULT_EVENT,
            "draft_name": chosen.name if chosen else view.query.get("draft_name", ""),
            "event_error": view.query.get("event_error"),
            "saved": view.query.get("saved") == "1", "deleted": view.query.get("deleted")}


@page("/functions/{name}/events", methods=("POST",))
async def save_event(view: View) -> Response:
    name = view.params["name"]
    form = view.form()
    event_name = form.get("event_name", "").strip()
    shareable = form.get("shareable") == "1"
    try:
        if shareable:
            await save_shared(view, name, event_name, form.get("event", ""))
        else:
            of_view(view).save(name, event_name, form.get("event", ""), view.state.clock.now())
    except ValueError as error:
        return view.redirect(f"/functions/{name}", tab="test", event_error=str(error),
                             draft_name=event_name)
    except Failed as failed:
        return view.redirect(f"/functions/{name}", tab="test",
                             event_error=_said(failed.error), draft_name=event_name)
    return view.redirect(f"/functions/{name}", tab="test", event=event_name,
                         shared="1" if shareable else None, saved="1")


@page("/functions/{name}/events/delete", methods=("POST",))
async def delete_event(view: View) -> Response:
    name = view.params["name"]
    form = view.form()
    event_name = form.get("event_name", "")
    if form.get("shareable") == "1":
        try:
            await delete_shared(view, name, event_name)
        except Failed as failed:
            return view.redirect(f"/functions/{name}", tab="test",
                                 event_error=_said(failed.error))
    else:
        of_view(view).delete(name, event_name)
    return view.redirect(f"/functions/{name}", tab="test", deleted=event_name)
