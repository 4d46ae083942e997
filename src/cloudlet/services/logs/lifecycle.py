"""Commit buffered events when the server stops."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudlet.services.logs import service
from cloudlet.services.logs.api import flush_all

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState


@service.stopped
async def flush_on_stop(state: ServerState) -> None:
    flush_all(state)
