"""What the engine keeps about a stack and its resources, as plain dataclasses.

They are stored as JSON documents (``store``); every field has a default so a document
written by an older version still loads. ``StackRecord.previous`` and
``ResourceRecord.prev`` / ``action`` are the operation journal: what an update changed,
so that a failure (or a restart in the middle) can put the previous state back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, TypeVar

import orjson

T = TypeVar("T")


def to_json(value: Any) -> bytes:
    """JSON of a record or template value (template keys may be ``str`` subclasses that
    carry their place in the file)."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)


def json_text(value: Any) -> str:
    return to_json(value).decode()


def from_doc(cls: type[T], doc: dict[str, Any]) -> T:
    """``cls`` built from a stored document, ignoring keys it no longer has."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in doc.items() if k in names})


@dataclass
class StackRecord:
    stack_id: str
    name: str
    account: str
    region: str
    status: str
    created: float
    reason: str | None = None
    updated: float | None = None
    deleted: float | None = None
    description: str | None = None
    # The template as given (TemplateStage Original) and after transforms (Processed).
    template_body: str = ""
    processed: dict[str, Any] = field(default_factory=dict)
    # The values the caller gave (for UsePreviousValue) and what DescribeStacks shows.
    parameters: dict[str, str] = field(default_factory=dict)
    described_parameters: list[dict[str, Any]] = field(default_factory=list)
    outputs: list[dict[str, Any]] = field(default_factory=list)
    imports: list[str] = field(default_factory=list)
    capabilities: list[str] = field(default_factory=list)
    tags: list[dict[str, str]] = field(default_factory=list)
    notification_arns: list[str] = field(default_factory=list)
    role_arn: str | None = None
    timeout: int | None = None
    disable_rollback: bool = False
    on_failure: str = "ROLLBACK"
    # RetainExceptOnCreate: resources with DeletionPolicy Retain are deleted when a
    # create rolls back.
    retain_except_on_create: bool = False
    termination_protection: bool = False
    # Who created or last updated the stack: resources are made as this principal.
    principal: dict[str, str] = field(default_factory=dict)
    client_request_token: str | None = None
    change_set_id: str | None = None
    # The operation in progress (CREATE / UPDATE / DELETE) and, for an update, the stack
    # as it was before it (template, parameters, outputs...), to roll back to.
    operation: str | None = None
    previous: dict[str, Any] | None = None
    # The status before a DeleteStack (put back when an export in use stops it).
    previous_status: str | None = None
    drift_detection_id: str | None = None
    drift_checked: float | None = None
    # The last drift detection's results (``services/cloudformation/drift``).
    drift: dict[str, Any] = field(default_factory=dict)

    def doc(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def tag_map(self) -> dict[str, str]:
        return {t["Key"]: t["Value"] for t in self.tags}


@dataclass
class ResourceRecord:
    logical_id: str
    type_name: str
    status: str
    updated: float
    reason: str | None = None
    physical_id: str | None = None
    # What Ref answers when it is not the physical id (Outcome.ref).
    ref: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)
    deletion_policy: str = "Delete"
    update_replace_policy: str = "Delete"
    metadata: dict[str, Any] | None = None
    description: str | None = None
    # The logical ids this resource depends on (deletes run in the reverse order).
    depends_on: list[str] = field(default_factory=list)
    # The update journal: what this operation did to the resource ("create", "update",
    # "replace") and the resource as it was before (for "update" and "replace").
    action: str | None = None
    prev: dict[str, Any] | None = None

    def doc(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def exists(self) -> bool:
        return self.physical_id is not None and not self.status.startswith("DELETE_COMPLETE")


@dataclass
class ChangeSetRecord:
    change_set_id: str
    name: str
    stack_id: str
    stack_name: str
    change_set_type: str
    status: str
    execution_status: str
    created: float
    reason: str | None = None
    description: str | None = None
    template_body: str = ""
    # DescribeChangeSet's Parameters, and the values the execution applies.
    parameters: list[dict[str, Any]] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    capabilities: list[str] = field(default_factory=list)
    tags: list[dict[str, str]] | None = None
    notification_arns: list[str] = field(default_factory=list)
    role_arn: str | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)
    on_stack_failure: str | None = None
    principal: dict[str, str] = field(default_factory=dict)

    def doc(self) -> dict[str, Any]:
        return asdict(self)
