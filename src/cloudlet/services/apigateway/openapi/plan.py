"""What an OpenAPI definition asks for, before anything is written: the ``Plan`` that
``definition.read_definition`` builds and ``apply`` writes into the store.

The plan holds API Gateway documents (members as botocore's output shapes: Method,
Integration, Model, Authorizer, RequestValidator, GatewayResponse) without their ids;
references between them (a method's authorizer and request validator) are by name and
resolved to ids when written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class MethodPlan:
    """One method: its Method document (``methodIntegration``, ``methodResponses`` nested)
    and the names of the authorizer and request validator it uses."""

    doc: dict[str, Any]
    authorizer: str | None = None
    validator: str | None = None


@dataclass
class Plan:
    # RestApi members the definition sets (name, description, version, binaryMediaTypes, ...).
    api: dict[str, Any] = field(default_factory=dict)
    # Full resource path ("/pets/{petId}") -> HTTP verb (or ANY) -> method.
    paths: dict[str, dict[str, MethodPlan]] = field(default_factory=dict)
    # Model name -> Model document; ``schema`` is still a dict whose ``$ref``s name models.
    models: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Authorizer name -> Authorizer document (no id).
    authorizers: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Request validator name -> RequestValidator document (no id).
    validators: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Response type -> GatewayResponse document.
    gateway_responses: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
