"""Group commit of single-item writes (PutItem, UpdateItem, DeleteItem).

Handlers run on the server's event loop, one at a time, over one SQLite connection; a
write's own ``BEGIN IMMEDIATE ... COMMIT`` costs more than the row it writes. Under
concurrent writers the writes that arrive in one turn of the loop share one transaction:

- a write is decided at once, in arrival order: its key is read through the changes still
  pending (``Changes.read``), its condition is checked and its new image computed; a write
  whose validation or condition fails joins nothing and fails alone;
- the decided changes are queued; one callback at the end of the turn writes them all (base
  rows, index rows, stream records, in arrival order, so stream sequence numbers are those
  of serial writes) in one transaction and commits it;
- every request that joined the group, or read what it had pending, is answered only after
  that commit: an acknowledged write is in the WAL before its answer is sent, so it
  survives SIGKILL. Other readers see committed rows only (the pending rows are not in the
  database until the commit), and any other transaction first commits the pending group.

A lone writer (one request per turn) gains nothing from waiting a turn, so grouping is
adaptive: the backend commits each write at once until a watched turn (one in a few) sees
two writes, then groups until several commits in a row held only one write.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cloudlet.services.dynamodb.capacity import Consumed
from cloudlet.services.dynamodb.values import Item
from cloudlet.storage import transaction

if TYPE_CHECKING:
    from cloudlet.services.dynamodb.backend import DynamoBackend, Writer
    from cloudlet.services.dynamodb.table import Table

# Commits in a row holding one write each before grouping stops.
LONELY_COMMITS = 8
# While not grouping, one write in this many watches its turn of the loop for another.
WATCH_EVERY = 4

Key = tuple[int, bytes, bytes]


@dataclass(slots=True)
class Change:
    """One decided item write: ``new`` None deletes."""

    table: Table
    h: bytes
    r: bytes
    old: Item | None
    new: Item | None
    size: int | None
    consumed: Consumed | None

    def apply(self, writer: Writer) -> None:
        if self.new is None:
            writer.delete(self.table, self.h, self.r, self.old, consumed=self.consumed)
        else:
            writer.put(self.table, self.h, self.r, self.old, self.new, self.size, self.consumed)


@dataclass(slots=True)
class Group:
    """The changes of one turn of the loop and the futures their requests wait on (one
    each: two requests started eagerly by the HTTP protocol cannot await one pending
    future, the second would find it already marked as awaited)."""

    changes: list[Change] = field(default_factory=list)
    latest: dict[Key, Item | None] = field(default_factory=dict)  # key -> pending image
    waiting: list[asyncio.Future[None]] = field(default_factory=list)


class Changes:
    """One request's view and writes: ``read`` sees the pending group; ``put``/``delete``
    queue a decided change. Used as ``async with backend.changes() as changes:``; leaving
    it waits until what the request wrote or read from the group is committed."""

    __slots__ = ("grouper", "change", "saw_pending")

    def __init__(self, grouper: WriteGrouper):
        self.grouper = grouper
        self.change: Change | None = None
        self.saw_pending = False

    def read(self, table: Table, h: bytes, r: bytes) -> Item | None:
        group = self.grouper.group
        if group is not None:
            key = (table.id, h, r)
            if key in group.latest:
                self.saw_pending = True
                return group.latest[key]
        return self.grouper.read(table, h, r)

    def put(self, table: Table, h: bytes, r: bytes, old: Item | None, new: Item,
            size: int | None = None, consumed: Consumed | None = None) -> None:
        self.change = Change(table, h, r, old, new, size, consumed)

    def delete(self, table: Table, h: bytes, r: bytes, old: Item | None,
               consumed: Consumed | None = None) -> None:
        if old is not None:
            self.change = Change(table, h, r, old, None, None, consumed)

    async def __aenter__(self) -> Changes:
        return self

    async def __aexit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                        tb: Any) -> None:
        grouper = self.grouper
        change = self.change if kind is None else None
        if change is None:  # nothing to write, or it failed (a condition): it was decided
            if self.saw_pending and grouper.group is not None:  # on pending writes
                await grouper.settled(grouper.group)
            return
        grouper.count_turn()
        if not grouper.grouping:
            grouper.flush()
            grouper.commit([change])
            return
        group = grouper.join(change)
        await grouper.settled(group)


class WriteGrouper:
    """The pending group of one backend, and when to group (see the module docstring)."""

    def __init__(self, backend: DynamoBackend, read: Callable[[Table, bytes, bytes], Item | None]):
        self.backend = backend
        self.read = read
        self.group: Group | None = None
        self.grouping = False
        self._lonely = 0
        self._watching = False
        self._until_watch = 1

    def count_turn(self) -> None:
        """While not grouping, watch one turn of the loop in ``WATCH_EVERY`` writes: a
        watched turn with two writes starts grouping."""
        if self.grouping:
            return
        if self._watching:
            self._lonely = 0
            self.grouping = True  # a second write in the watched turn
            return
        self._until_watch -= 1
        if self._until_watch <= 0:
            self._until_watch = WATCH_EVERY
            self._watching = True
            asyncio.get_running_loop().call_soon(self._end_turn)

    def _end_turn(self) -> None:
        self._watching = False

    def join(self, change: Change) -> Group:
        group = self.group
        if group is None:
            loop = asyncio.get_running_loop()
            group = self.group = Group()
            loop.call_soon(self.flush)
        group.changes.append(change)
        group.latest[(change.table.id, change.h, change.r)] = change.new
        return group

    async def settled(self, group: Group) -> None:
        done = asyncio.get_running_loop().create_future()
        group.waiting.append(done)
        await done

    def flush(self) -> None:
        """Commit the pending group (if any) and wake its requests."""
        group = self.group
        if group is None:
            return
        self.group = None
        if len(group.changes) > 1:
            self._lonely = 0
        else:
            self._lonely += 1
            if self._lonely >= LONELY_COMMITS:
                self.grouping = False
        try:
            self.commit(group.changes)
        except Exception as exc:  # noqa: BLE001 (every request of the group fails with it)
            for done in group.waiting:
                if not done.done():
                    done.set_exception(exc)
            return
        for done in group.waiting:
            if not done.done():
                done.set_result(None)

    def commit(self, changes: list[Change]) -> None:
        """Write ``changes`` in one transaction, committed when this returns (without first
        committing the pending group: this is the group's own, or a lone write's)."""
        backend = self.backend
        with transaction(backend.conn):
            writer = backend.writer()
            for change in changes:
                change.apply(writer)
