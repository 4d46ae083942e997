"""Everything one running server holds: config, clock, services and their backends."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from cloudlet.clock import Clock, ManualClock
from cloudlet.config import Config
from cloudlet.workers import Workers

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext
    from cloudlet.server.credentials import CredentialStore
    from cloudlet.server.service import Service

T = TypeVar("T")


class ServerState:
    def __init__(self, config: Config, services: dict[str, Service], clock: Clock | None = None):
        self.config = config
        self.services = services
        self.clock = clock or (ManualClock(config.clock_start) if config.clock == "manual"
                               else Clock())
        self.started_at = time.time()
        self.data_dir = Path(config.data_dir).resolve()
        self._backends: dict[tuple[int, str, str], Any] = {}
        # Long-lived objects a service keeps per server (a runtime manager, a reaper task).
        self.extras: dict[str, Any] = {}
        self.workers: Workers = Workers(self)
        self._credentials: CredentialStore | None = None

    @property
    def credentials(self) -> CredentialStore:
        """The accounts and access keys this server issued (opened on first use)."""
        if self._credentials is None:
            from cloudlet.server.credentials import CredentialStore

            self.data_dir.mkdir(parents=True, exist_ok=True)
            self._credentials = CredentialStore(self.data_dir / "credentials.sqlite")
        return self._credentials

    def db_path(self, service: str, account: str, region: str) -> Path:
        return self.data_dir / account / region / f"{service}.sqlite"

    def backend_for(self, backends: Backends[T], account: str, region: str) -> T:
        key = (id(backends), account, region)
        found = self._backends.get(key)
        if found is None:
            found = backends.factory(self, account, region)
            self._backends[key] = found
        return found

    def all_backends(self, backends: Backends[T]) -> list[T]:
        return [b for (k, _, _), b in self._backends.items() if k == id(backends)]


class Backends(Generic[T]):
    """A service's backends, one per account and region, created on first use."""

    def __init__(self, factory: Callable[[ServerState, str, str], T]):
        self.factory = factory

    def of(self, ctx: RequestContext) -> T:
        return ctx.state.backend_for(self, ctx.account, ctx.region)

    def get(self, state: ServerState, account: str, region: str) -> T:
        return state.backend_for(self, account, region)


class ServerWide(Generic[T]):
    """A service's one store for the whole server, created on first use: for services
    whose names are global (S3 buckets) or whose workers read every account at once (the
    rows carry account and region)."""

    def __init__(self, factory: Callable[[ServerState], T]):
        self._backends: Backends[T] = Backends(lambda state, _account, _region: factory(state))

    def get(self, state: ServerState) -> T:
        return self._backends.get(state, "", "")

    def of(self, ctx: RequestContext) -> T:
        return self.get(ctx.state)

    def made(self, state: ServerState) -> T | None:
        """The store if something has used it (to close at shutdown), else None."""
        found = state.all_backends(self._backends)
        return found[0] if found else None
