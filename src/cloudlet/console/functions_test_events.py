"""Saved test events per function, as the AWS console keeps them.

https://docs.aws.amazon.com/lambda/latest/dg/testing-functions.html
- A *private* test event is seen (and changed) only by the principal that saved it;
- a *shareable* one by anyone in the account. AWS keeps shareable events in the
  EventBridge Schemas registry ``lambda-testevent-schemas``, which cloudlet does not
  serve: both kinds live in a small SQLite file per account and region under
  ``<data>/console/``, keyed by function, name, owner and the shareable flag.
- A name has 1 to 25 letters, digits, dots, hyphens and underscores; the event must be
  JSON.

The pages: ``POST /functions/{name}/events`` saves (create or edit), ``POST
/functions/{name}/events/delete`` deletes; the function's Test tab picks one with
``?event=NAME&shared=1``.

LIMITATIONS: no IAM check on saving or reading test events (AWS asks for
``schemas:*`` permissions on the registry for shareable ones); there is no "copy a
private event to shareable" action (save it again under the other kind).
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cloudlet import storage
from cloudlet.console.site import page
from cloudlet.console.view import View
from cloudlet.server.http import Response

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

NAME = re.compile(r"[A-Za-z0-9._-]{1,25}")
NAME_RULE = ("Event name must be 1 to 25 characters: letters, numbers, dots, hyphens "
             "and underscores.")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS test_events (
    function TEXT NOT NULL,
    name TEXT NOT NULL,
    shareable INTEGER NOT NULL,
    scope TEXT NOT NULL,   -- the owner's ARN for a private event, '' for a shareable one
    owner TEXT NOT NULL,   -- who saved it last
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


class SavedEvents:
    """One account and region's saved test events, as one viewer (``principal``) sees them."""

    def __init__(self, conn: sqlite3.Connection, principal: str):
        self.conn = conn
        self.principal = principal

    def _scope(self, shareable: bool) -> str:
        return "" if shareable else self.principal

    def list(self, function: str) -> list[SavedEvent]:
        rows = self.conn.execute(
            "SELECT function, name, shareable, owner, event, modified FROM test_events "
            "WHERE function = ? AND (shareable = 1 OR scope = ?) ORDER BY name, shareable",
            (function, self.principal)).fetchall()
        return [SavedEvent(r[0], r[1], bool(r[2]), r[3], r[4], r[5]) for r in rows]

    def get(self, function: str, name: str, shareable: bool) -> SavedEvent | None:
        row = self.conn.execute(
            "SELECT function, name, shareable, owner, event, modified FROM test_events "
            "WHERE function = ? AND shareable = ? AND scope = ? AND name = ?",
            (function, int(shareable), self._scope(shareable), name)).fetchone()
        return None if row is None else SavedEvent(row[0], row[1], bool(row[2]), row[3],
                                                  row[4], row[5])

    def save(self, function: str, name: str, shareable: bool, event: str, now: float) -> None:
        """Create or replace; ``ValueError`` with the console's message when invalid."""
        if not NAME.fullmatch(name):
            raise ValueError(NAME_RULE)
        try:
            json.loads(event)
        except ValueError as error:
            raise ValueError(f"The event is not valid JSON: {error}") from None
        with storage.transaction(self.conn):
            self.conn.execute(
                "INSERT OR REPLACE INTO test_events VALUES (?, ?, ?, ?, ?, ?, ?)",
                (function, name, int(shareable), self._scope(shareable), self.principal,
                 event, now))

    def delete(self, function: str, name: str, shareable: bool) -> bool:
        with storage.transaction(self.conn):
            done = self.conn.execute(
                "DELETE FROM test_events WHERE function = ? AND shareable = ? AND scope = ? "
                "AND name = ?", (function, int(shareable), self._scope(shareable), name))
        return done.rowcount > 0


def saved_events(state: ServerState, account: str, region: str, principal: str) -> SavedEvents:
    """The store of ``account`` and ``region`` (opened once per server), as ``principal``."""
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


@page("/functions/{name}/events", methods=("POST",))
async def save_event(view: View) -> Response:
    name = view.params["name"]
    form = view.form()
    event_name = form.get("event_name", "").strip()
    shareable = form.get("shareable") == "1"
    store = of_view(view)
    try:
        store.save(name, event_name, shareable, form.get("event", ""), view.state.clock.now())
    except ValueError as error:
        return view.redirect(f"/functions/{name}", tab="test", event_error=str(error),
                             draft_name=event_name)
    return view.redirect(f"/functions/{name}", tab="test", event=event_name,
                         shared="1" if shareable else None, saved="1")


@page("/functions/{name}/events/delete", methods=("POST",))
async def delete_event(view: View) -> Response:
    name = view.params["name"]
    form = view.form()
    of_view(view).delete(name, form.get("event_name", ""), form.get("shareable") == "1")
    return view.redirect(f"/functions/{name}", tab="test", deleted=form.get("event_name", ""))
