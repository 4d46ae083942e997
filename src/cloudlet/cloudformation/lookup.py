"""What ``Ref``, ``Fn::GetAtt`` and ``Fn::ImportValue`` answer while a stack deploys:
the resources created so far (their physical ids and attributes) and the account's
exports. Implements ``cloudlet.cloudformation.template.Lookup``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from cloudlet.cloudformation.errors import TemplateError

if TYPE_CHECKING:
    from cloudlet.cloudformation.records import ResourceRecord


class StackLookup:
    def __init__(self, resources: Mapping[str, ResourceRecord],
                 exports: Callable[[str], str | None]) -> None:
        self.resources = resources
        self.exports = exports
        # The export names this stack's template imports (ListImports).
        self.imported: set[str] = set()

    def _created(self, logical_id: str) -> ResourceRecord:
        found = self.resources.get(logical_id)
        if found is None or found.physical_id is None:
            raise TemplateError(f"Template format error: Unresolved resource dependencies "
                                f"[{logical_id}] in the Resources block of the template")
        return found

    def ref(self, logical_id: str) -> Any:
        found = self._created(logical_id)
        return found.ref if found.ref is not None else found.physical_id

    def get_att(self, logical_id: str, attribute: str) -> Any:
        found = self._created(logical_id)
        if attribute not in found.attributes:
            raise TemplateError(f"Template error: resource {logical_id} does not support "
                                f"attribute type {attribute} in Fn::GetAtt")
        return found.attributes[attribute]

    def import_value(self, export_name: str) -> str:
        value = self.exports(export_name)
        if value is None:
            raise TemplateError(f"No export named {export_name} found.")
        self.imported.add(export_name)
        return value
