"""The shapes template evaluation hands to the engine: pseudo parameters, resource
declarations and the lookup the engine answers for resources it has created."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass
class Pseudo:
    """The values of the pseudo parameters (``AWS::Region``, ``AWS::StackName``, ...).
    https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
    """

    account: str
    region: str
    stack_name: str
    stack_id: str
    partition: str = "aws"
    url_suffix: str = "amazonaws.com"
    notification_arns: list[str] = field(default_factory=list)

    def values(self) -> dict[str, Any]:
        """``Ref`` of each pseudo parameter but ``AWS::NoValue`` (handled by the resolver)."""
        return {
            "AWS::AccountId": self.account,
            "AWS::Region": self.region,
            "AWS::StackName": self.stack_name,
            "AWS::StackId": self.stack_id,
            "AWS::Partition": self.partition,
            "AWS::URLSuffix": self.url_suffix,
            "AWS::NotificationARNs": list(self.notification_arns),
        }


PSEUDO_NAMES = frozenset({"AWS::AccountId", "AWS::Region", "AWS::StackName", "AWS::StackId",
                          "AWS::Partition", "AWS::URLSuffix", "AWS::NotificationARNs",
                          "AWS::NoValue"})


@dataclass
class ResourceDecl:
    """One resource as the template declares it (after conditions and ForEach)."""

    logical_id: str
    type_name: str
    properties: dict[str, Any]          # unresolved (intrinsics inside)
    depends_on: set[str]                # explicit DependsOn + every Ref/GetAtt/Sub reference
    condition: str | None
    deletion_policy: str = "Delete"
    update_replace_policy: str = "Delete"
    metadata: dict[str, Any] | None = None
    creation_policy: dict[str, Any] | None = None
    update_policy: dict[str, Any] | None = None


class Lookup(Protocol):
    """What the engine answers for resources it has created (and for exports)."""

    def ref(self, logical_id: str) -> Any: ...

    def get_att(self, logical_id: str, attribute: str) -> Any: ...

    def import_value(self, export_name: str) -> str: ...


SsmLookup = Callable[[list[str]], Awaitable[dict[str, str]]]
