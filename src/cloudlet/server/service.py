"""A service: its botocore model, its operation handlers and its lifecycle hooks.

Each package under ``cloudlet.services`` exposes ``service = Service("dynamodb")`` and
registers handlers under their exact AWS names::

    @service.operation("PutItem")
    def put_item(ctx: RequestContext, req: PutItemInput) -> PutItemOutput: ...

A handler takes the parsed request (members named as in the model) and returns the output
members, both typed by the ``TypedDict``s of the service's ``shapes.py``. It is
``async def`` only when it waits. The protocol layer does the rest.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Never

from cloudlet.server.edge import EdgeRoute, RouteHandler
from cloudlet.server.errors import (
    NotImplementedOperation,
    ServiceError,
    UnknownOperationException,
)
from cloudlet.server.models import ModelSummary, load_model, read_model, summaries
from cloudlet.workers import Loop, WorkerSpec

if TYPE_CHECKING:
    from botocore.model import ServiceModel

    from cloudlet.server.context import RequestContext
    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState

# The request and result are the operation's TypedDicts (see the module docstring).
Handler = Callable[["RequestContext", Any], Any]
# The result of an operation whose model has no output shape: always ``{}``.
NoOutput = dict[str, Never]
Hook = Callable[["ServerState"], Awaitable[None]]
# Called with each request's context before its handler runs (S3's request count).
Meter = Callable[["RequestContext", str], None]


@dataclass(slots=True)
class Operation:
    name: str
    handler: Handler
    is_async: bool
    meter: Meter | None = None

    async def run(self, ctx: RequestContext, req: Any) -> dict[str, Any]:
        """The handler's output members (awaited when the handler is async)."""
        if self.meter is not None and ctx.metered:
            self.meter(ctx, self.name)
        result = self.handler(ctx, req)
        if self.is_async:
            result = await result
        return result or {}


@dataclass
class Service:
    """One AWS service as cloudlet serves it."""

    model_name: str
    # Error codes in JSON bodies are prefixed like "com.amazonaws.dynamodb.v20120810#".
    error_prefix: str = ""
    # Shapes the generic validator and blob decoder do not descend into: the service
    # checks their contents itself, with its own messages (e.g. DynamoDB's AttributeValue).
    opaque_shapes: frozenset[str] = frozenset()
    operations: dict[str, Operation] = field(default_factory=dict)
    on_start: list[Hook] = field(default_factory=list)
    on_stop: list[Hook] = field(default_factory=list)
    # Run as soon as the server starts shutting down, while in-flight requests are still
    # being answered (e.g. fail running invocations so their requests end now).
    on_drain: list[Hook] = field(default_factory=list)
    # Routes for HTTP outside the AWS API protocols (``server.edge``; tried before them).
    edge_routes: list[EdgeRoute] = field(default_factory=list)
    # The error a request the model rejects is answered with, when the service does not
    # answer ValidationException (API Gateway answers BadRequestException).
    validation_error: type[ServiceError] | None = None
    # What the service adds to GET /_cloudlet/health (a small JSON-able summary).
    health: Callable[[ServerState], dict[str, Any]] | None = None
    # Background loops the service runs while the server runs (``cloudlet.workers``).
    workers: list[WorkerSpec] = field(default_factory=list)
    # Whether a request's body is handed over as a file (``Request.body_file``, which
    # handlers reach as ``ctx.extra["body_file"]``) instead of read into memory: S3 uploads.
    streams_body: Callable[[Request], bool] | None = None
    # Counts each request the operations answer (``Operation.meter``).
    meter: Meter | None = None
    # Builds the service's model when it is not botocore's as it is (CloudWatch's protocol).
    model_factory: Callable[[], ServiceModel] | None = None
    _model: ServiceModel | None = None
    _summary: ModelSummary | None = None
    _unsigned: frozenset[str] | None = None
    _operation_names: frozenset[str] | None = None

    @property
    def model(self) -> ServiceModel:
        """The whole model, loaded on first use (a service's first request)."""
        if self._model is None:
            self._model = (self.model_factory() if self.model_factory is not None
                           else load_model(self.model_name))
        return self._model

    @property
    def summary(self) -> ModelSummary:
        """What routing needs of the model (``models.ModelSummary``), without keeping it."""
        if self._summary is None:
            summarize([self])
        assert self._summary is not None
        return self._summary

    def read_model(self) -> ServiceModel:
        """The model parsed afresh and cached nowhere."""
        return self.model_factory() if self.model_factory is not None else read_model(
            self.model_name)

    @property
    def name(self) -> str:
        return self.model_name

    def unsigned(self, name: str) -> bool:
        """Whether the model says ``name`` is called without credentials (``authtype:
        none``: STS AssumeRoleWithWebIdentity, Cognito InitiateAuth and SignUp ...)."""
        if self._unsigned is None:
            model = self.model
            self._unsigned = frozenset(
                op for op in model.operation_names
                if model.operation_model(op).auth_type == "none")
        return name in self._unsigned

    def resolve(self, name: str) -> Operation:
        """The registered operation; UnknownOperationException for a name the model does
        not have, 501 "not supported" for one cloudlet has not written."""
        found = self.operations.get(name)
        if found is not None and name in self._modelled():
            return found
        if name not in self._modelled():
            raise UnknownOperationException(f"Unknown operation {name}")
        raise NotImplementedOperation(self.model_name, name)

    def _modelled(self) -> frozenset[str]:
        if self._operation_names is None:
            self._operation_names = self.summary.operation_names
        return self._operation_names

    def operation(self, name: str) -> Callable[[Handler], Handler]:
        """Register a handler under the operation's exact AWS name."""

        def register(handler: Handler) -> Handler:
            if name in self.operations:
                raise ValueError(f"{self.model_name}.{name} registered twice")
            self.operations[name] = Operation(name, handler, inspect.iscoroutinefunction(handler),
                                               self.meter)
            return handler

        return register

    def route(self, *, host: str | None = None, prefix: str | None = None,
              priority: int = 0) -> Callable[[RouteHandler], RouteHandler]:
        """Serve non-AWS HTTP matching ``host`` and/or ``prefix`` (see ``server.edge``)."""

        def register(handler: RouteHandler) -> RouteHandler:
            self.edge_routes.append(EdgeRoute(handler, host, prefix, priority))
            return handler

        return register

    def worker(self, name: str, *, after: tuple[str, ...] = ()) -> Callable[[Loop], Loop]:
        """Run the decorated ``async def loop(state)`` as a supervised worker."""

        def register(run: Loop) -> Loop:
            self.workers.append(WorkerSpec(name, run, after))
            return run

        return register

    def started(self, hook: Hook) -> Hook:
        self.on_start.append(hook)
        return hook

    def stopped(self, hook: Hook) -> Hook:
        self.on_stop.append(hook)
        return hook

    def draining(self, hook: Hook) -> Hook:
        self.on_drain.append(hook)
        return hook


def summarize(services: Iterable[Service]) -> None:
    """Give each service its model summary, those not loaded read in one go (``models``)."""
    todo = [s for s in services if s._summary is None]
    for service in todo:
        if service._model is not None:
            service._summary = ModelSummary.of(service._model)
    read = summaries({s.model_name: s.read_model for s in todo if s._summary is None})
    for service in todo:
        if service._summary is None:
            service._summary = read[service.model_name]
