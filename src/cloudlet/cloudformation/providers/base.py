"""What a resource provider is: one class per CloudFormation resource type.

A provider turns a resource's resolved properties into calls on the service that owns it,
through ``ctx.call`` (``cloudlet.server.internal.call`` as the stack's principal, in the
stack's account and region), and never touches a service's backend::

    @provider
    class Topic(Provider):
        type_name = "AWS::SNS::Topic"
        properties = frozenset({"TopicName", "DisplayName", "Tags", ...})

        async def create(self, ctx: ResourceContext) -> Outcome:
            name = ctx.properties.get("TopicName") or ctx.physical_name(max_length=256)
            out = await ctx.call("sns", "CreateTopic", {"Name": name})
            return Outcome(out["TopicArn"], {"TopicArn": out["TopicArn"], "TopicName": name})

        async def delete(self, ctx: ResourceContext) -> None:
            await ctx.call("sns", "DeleteTopic", {"TopicArn": ctx.physical_id})

The engine checks a resource's properties before anything is created: a property the
type's CloudFormation schema (shipped with cfn-lint) does not have is an error, as on AWS;
one the schema has but the provider does not list in ``properties`` fails as "not
supported". A change to a property in the schema's ``createOnlyProperties`` or in the
provider's ``replaces`` replaces the resource (create the new one, then delete the old);
any other change calls ``update``. A provider without an ``update`` is replaced on every
change.
"""

from __future__ import annotations

import asyncio
import secrets
import string
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from cloudlet.server.errors import ServiceError
from cloudlet.server.internal import call

if TYPE_CHECKING:
    from cloudlet.server.context import Principal
    from cloudlet.server.state import ServerState

_SUFFIX_ALPHABET = string.ascii_uppercase + string.digits
# How often providers look at a resource that is still settling, and for how long.
POLL_S = 0.05
WAIT_LIMIT_S = 60.0
T = TypeVar("T")


@dataclass(slots=True)
class Outcome:
    """What a create or update made: the physical id (what ``Ref`` answers, unless
    ``ref`` says otherwise) and the ``Fn::GetAtt`` attributes by name (nested names such
    as ``Endpoint.Address`` as one key)."""

    physical_id: str
    attributes: dict[str, Any] = field(default_factory=dict)
    ref: str | None = None


@dataclass(slots=True)
class ResourceContext:
    """One resource's operation: who acts, where, and the properties to apply."""

    state: ServerState
    principal: Principal
    account: str
    region: str
    stack_name: str
    stack_id: str
    logical_id: str
    type_name: str
    # The resolved properties to apply (on delete: the last applied ones).
    properties: dict[str, Any]
    # On update: the properties last applied; None on create.
    previous: dict[str, Any] | None = None
    # On update and delete: the resource's physical id and its recorded attributes.
    physical_id: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    # The stack's tags, which CloudFormation propagates to resources that take tags.
    stack_tags: dict[str, str] = field(default_factory=dict)
    # The engine's hooks for providers that need it (custom resources' response URLs,
    # nested stacks): set by the engine, ``None`` in tests that build a context by hand.
    engine: Any = None

    async def call(self, service: str, operation: str, params: dict[str, Any],
                   *, wire: bool = False) -> dict[str, Any]:
        """``service``'s ``operation`` as the stack's principal, in its account and region."""
        return await call(self.state, service, operation, params, principal=self.principal,
                          account=self.account, region=self.region, wire=wire)

    def physical_name(self, max_length: int = 255, *, lower: bool = False,
                      separator: str = "-") -> str:
        """A generated name as CloudFormation makes one: ``{stack}-{logical id}-{13
        random}``, the stack and logical parts shortened to fit ``max_length``."""
        suffix = "".join(secrets.choice(_SUFFIX_ALPHABET) for _ in range(13))
        room = max_length - len(suffix) - 2 * len(separator)
        stack, logical = self.stack_name, self.logical_id
        if len(stack) + len(logical) > room:
            stack = stack[: max(room // 2, 1)]
            logical = logical[: max(room - len(stack), 1)]
        name = separator.join((stack, logical, suffix))[:max_length]
        return name.lower() if lower else name

    def resource_tags(self) -> dict[str, str]:
        """The tags CloudFormation adds to every taggable resource, and the stack's."""
        return {**self.stack_tags,
                "aws:cloudformation:stack-name": self.stack_name,
                "aws:cloudformation:stack-id": self.stack_id,
                "aws:cloudformation:logical-id": self.logical_id}


class ProviderError(Exception):
    """A resource operation failed; ``str(error)`` is the status reason the stack event
    shows (the service's own error message, as CloudFormation shows it).

    ``physical_id``: on a failed create, the physical resource that exists all the same
    (a custom resource's FAILED response names one); the engine records it, so the
    rollback deletes it as CloudFormation does."""

    def __init__(self, message: str = "", *, physical_id: str | None = None) -> None:
        super().__init__(message)
        self.physical_id = physical_id


class Provider:
    """Base class of resource providers (see the module docstring)."""

    type_name: ClassVar[str]
    # The properties this provider applies or keeps as data.
    properties: ClassVar[frozenset[str]] = frozenset()
    # Properties whose change replaces the resource, beyond the schema's createOnly ones.
    replaces: ClassVar[frozenset[str]] = frozenset()

    async def create(self, ctx: ResourceContext) -> Outcome:
        raise NotImplementedError

    async def update(self, ctx: ResourceContext) -> Outcome:
        """Apply ``ctx.properties`` over ``ctx.previous`` in place; the default asks the
        engine to replace the resource instead."""
        raise NeedsReplacement

    async def delete(self, ctx: ResourceContext) -> None:
        """Delete ``ctx.physical_id``; a resource already gone counts as deleted."""
        raise NotImplementedError

    # The properties ``read`` reports (drift detection compares these, where the
    # template sets them); a type without ``read`` does not support drift detection.
    readable: ClassVar[frozenset[str]] = frozenset()

    async def read(self, ctx: ResourceContext, physical_id: str) -> dict[str, Any] | None:
        """The resource's actual properties in template form, read through its service's
        API: the ``readable`` ones it has (one absent is not set); ``None`` when the
        resource is gone."""
        raise NotImplementedError

    @classmethod
    def can_update(cls) -> bool:
        return cls.update is not Provider.update

    @classmethod
    def can_read(cls) -> bool:
        return cls.read is not Provider.read


class NeedsReplacement(Exception):
    """Raised by ``Provider.update`` when a change cannot be applied in place."""


_REGISTRY: dict[str, Provider] = {}


def provider(cls: type[Provider]) -> type[Provider]:
    """Register ``cls`` for its ``type_name`` (once)."""
    if cls.type_name in _REGISTRY:
        raise ValueError(f"provider for {cls.type_name} registered twice")
    _REGISTRY[cls.type_name] = cls()
    return cls


def registered() -> dict[str, Provider]:
    return _REGISTRY


def given(props: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The properties ``names`` that the template sets (present and not null), to pass on
    to an operation as they are."""
    return {n: props[n] for n in names if props.get(n) is not None}


async def ignore_missing(action: Callable[[], Awaitable[Any]], *codes: str) -> None:
    """Run ``action``, treating the service's not-found error (``codes``, or the usual
    ones) as success: deleting what is already gone."""
    try:
        await action()
    except ServiceError as error:
        if error.error_code not in (codes or ("ResourceNotFoundException", "NotFoundException",
                                        "NoSuchEntity", "NoSuchBucket")):
            raise


async def unless_missing(action: Callable[[], Awaitable[T]], *codes: str) -> T | None:
    """``action()``'s answer, or ``None`` when the service answers not-found (``codes``,
    or the usual ones): reading what may be gone."""
    try:
        return await action()
    except ServiceError as error:
        if error.error_code not in (codes or ("ResourceNotFoundException", "NotFoundException",
                                        "NoSuchEntity", "NoSuchBucket")):
            raise
        return None


async def settled(describe: Callable[[], Awaitable[T]], ready: Callable[[T], bool],
                  waiting: Callable[[T], str]) -> T:
    """``describe()``'s answer once ``ready`` holds for it (a table ACTIVE, a function
    Active), polled every ``POLL_S``; ``ProviderError("{waiting(answer)} after 60 s")``
    when it does not within ``WAIT_LIMIT_S``."""
    deadline = time.monotonic() + WAIT_LIMIT_S
    while True:
        found = await describe()
        if ready(found):
            return found
        if time.monotonic() > deadline:
            raise ProviderError(f"{waiting(found)} after {WAIT_LIMIT_S:.0f} s")
        await asyncio.sleep(POLL_S)
