"""botocore's service models, loaded once per process, and what the server needs of them
before a service's first request (``ModelSummary``).

A parsed model is large (IAM's and CloudFormation's are megabytes of dicts), so an idle
server keeps none: routing reads each service's summary, and the whole model is loaded on
the service's first request. The summaries of every service are read in a forked child
(``summaries``), so the models parsed for them never fill the server's heap: freed, they
would stay in its RSS (Python's allocator does not give back partly used arenas).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import botocore.loaders
import botocore.model
import orjson

if TYPE_CHECKING:
    from collections.abc import Callable

    from botocore.model import ServiceModel

    from cloudlet.server.protocols.rest import RouteSpec


class _OrjsonFileLoader(botocore.loaders.JSONFileLoader):  # type: ignore[misc]
    """botocore's model file loader, parsing with orjson into plain dicts (ordered as
    botocore's ``OrderedDict``s are), several times as fast as ``json`` with
    ``OrderedDict``: a service's first request loads its model."""

    def _load_file(self, full_path: str, open_method: Callable[..., Any]) -> Any:
        if not os.path.isfile(full_path):
            return None
        with open_method(full_path, "rb") as fp:
            return orjson.loads(fp.read())


class _ListingsOnly(dict[tuple[Any, ...], Any]):
    """A loader cache (botocore's ``instance_cache`` keys each by the method's name) that
    keeps the directory listings and versions found, not the data loaded (``load_*``)."""

    def __setitem__(self, key: tuple[Any, ...], value: Any) -> None:
        if not str(key[0]).startswith("load_"):
            super().__setitem__(key, value)


def new_loader() -> botocore.loaders.Loader:
    """A loader of botocore's data with a cache of its own."""
    return botocore.loaders.Loader(file_loader=_OrjsonFileLoader())


@cache
def _reader() -> botocore.loaders.Loader:
    loader = new_loader()
    loader._cache = _ListingsOnly()
    return loader


@cache
def _loader() -> botocore.loaders.Loader:
    return new_loader()


def warm_loader() -> None:
    """List botocore's services now (a directory walk of ~8 ms, kept in the loader's cache)
    rather than in the first request's model load."""
    _loader().list_available_services("service-2")


@cache
def load_model(name: str) -> ServiceModel:
    data = _loader().load_service_model(name, "service-2")
    return botocore.model.ServiceModel(data, service_name=name)


def read_model(name: str) -> ServiceModel:
    """A model parsed afresh, kept by nobody (``load_model`` caches it and its JSON)."""
    data = _reader().load_service_model(name, "service-2")
    return botocore.model.ServiceModel(data, service_name=name)


@dataclass(frozen=True, slots=True)
class ModelSummary:
    """The model's metadata, operation names and (REST protocols) route specs."""

    metadata: Any  # the model's JSON, untyped as ``ServiceModel.metadata`` is
    operation_names: frozenset[str]
    routes: tuple[RouteSpec, ...]

    @property
    def protocol(self) -> str:
        return str(self.metadata["protocol"])

    @classmethod
    def of(cls, model: ServiceModel) -> ModelSummary:
        from cloudlet.server.protocols.rest import route_specs

        routes = route_specs(model) if model.protocol.startswith("rest") else []
        return cls(dict(model.metadata), frozenset(model.operation_names), tuple(routes))

    def to_json(self) -> list[Any]:
        return [self.metadata, sorted(self.operation_names), [list(r) for r in self.routes]]

    @classmethod
    def from_json(cls, row: list[Any]) -> ModelSummary:
        from cloudlet.server.protocols.rest import RouteSpec

        metadata, names, routes = row
        return cls(metadata, frozenset(names), tuple(
            RouteSpec(method, uri, operation, tuple(query), tuple(headers), deprecated)
            for method, uri, operation, query, headers, deprecated in routes))


def summaries(models: dict[str, Callable[[], ServiceModel]]) -> dict[str, ModelSummary]:
    """The summary of each named model (built by its callable), read in a forked child
    when this process has no other thread to inherit (else here)."""
    if threading.active_count() > 1 or not hasattr(os, "fork"):
        return {name: ModelSummary.of(build()) for name, build in models.items()}
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer and leave without running anything of the parent's
        code = 0
        try:
            os.close(read)
            _write_all(write, orjson.dumps(
                {name: ModelSummary.of(build()).to_json() for name, build in models.items()}))
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        answer = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0:
        # The child failed: read them here, so the error (a missing model) is raised.
        return {name: ModelSummary.of(build()) for name, build in models.items()}
    return {name: ModelSummary.from_json(row) for name, row in orjson.loads(answer).items()}


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]

