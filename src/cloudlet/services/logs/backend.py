"""The per account and region log stores, and their lookup from a request."""

from __future__ import annotations

from cloudlet.server.state import Backends
from cloudlet.services.logs.store import LogStore

stores: Backends[LogStore] = Backends(LogStore)
