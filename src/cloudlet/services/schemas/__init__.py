"""Amazon EventBridge Schemas: registries, schemas and their versions, discovery from
example events, tags.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-schema-registry.html

One SQLite database per account and region (``store``), written before the answer. The
Lambda console's and the SAM CLI's shareable test events live here (registry
``lambda-testevent-schemas``, schema ``_{function}-schema``; see
``console/functions_test_events.py``). Denials under ``--iam enforce`` are
ForbiddenException (403), which the SAM CLI turns into its "permissions to create
shareable test events" message.

LIMITATIONS:
- Discoverers, code bindings, ExportSchema and registry resource policies answer 501
  ("not supported"); AWS's own registries (``aws.events``, ``discovered-schemas``) do not
  exist; ClientTokenId is accepted and not used.
"""

from __future__ import annotations

from cloudlet.services.schemas.operations import (  # noqa: F401
    discovery,
    registries,
    schemas,
    tags,
)
from cloudlet.services.schemas.registry import service

__all__ = ["service"]
