"""Reading a definition document: the body (JSON or YAML), its version, ``$ref``s and the
base path.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api-basePath.html
- The body is an OpenAPI 3.0 or Swagger (OpenAPI 2.0) document, JSON or YAML.
- ``basepath=ignore`` (the default) drops the base path, ``prepend`` puts it before every
  path, ``split`` drops its first segment (taken to be a stage) and prepends the rest. The
  base path is Swagger's ``basePath`` or, in OpenAPI 3, the path of the first server's
  ``url`` with its variables at their defaults (the ``basePath`` variable, as AWS exports).

- An inline schema (a body or response schema that is not a ``$ref`` to a model) becomes a
  model named ``MODEL{6 hex digits}``, as AWS names them
  (https://github.com/aws/aws-sdk/issues/468).

LIMITATIONS: ``$ref``s are followed inside the document only (``#/...``); external files
are not fetched (an error says so). OpenAPI 3.1 is refused, as API Gateway refuses it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cloudlet.lazy_import import lazy_module
from cloudlet.services.apigateway.openapi.errors import invalid_definition

if TYPE_CHECKING:
    import yaml
else:
    yaml = lazy_module("yaml")

MAX_BODY = 6 * 1024 * 1024  # "The maximum size of the API definition file is 6MB."


def load_body(body: bytes) -> dict[str, Any]:
    """The definition as a dict (JSON first, then YAML)."""
    if len(body) > MAX_BODY:
        raise invalid_definition("the definition is larger than 6 MB")
    if not body.strip():
        raise invalid_definition("the body is empty")
    return parse_definition(body.decode("utf-8", "replace"))


def parse_definition(text: str) -> dict[str, Any]:
    """A definition's text as a dict (JSON first, then YAML); BadRequestException when it
    is neither or not an object."""
    try:
        found = json.loads(text)
    except ValueError:
        try:
            found = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise invalid_definition(f"the body is neither JSON nor YAML ({exc})") from None
    if not isinstance(found, dict):
        raise invalid_definition("the definition is not an object")
    return found


def version_of(doc: dict[str, Any]) -> int:
    """2 for Swagger 2.0, 3 for OpenAPI 3.0.x."""
    if str(doc.get("swagger", "")).startswith("2"):
        return 2
    openapi = str(doc.get("openapi", ""))
    if openapi.startswith("3.0"):
        return 3
    if openapi:
        raise invalid_definition(f"OpenAPI version {openapi} is not supported (3.0.x or"
                                 " Swagger 2.0)")
    raise invalid_definition("the definition has neither 'swagger: 2.0' nor 'openapi: 3.0.x'")


@dataclass
class Document:
    """A definition with its version, and the warnings found while reading it."""

    doc: dict[str, Any]
    version: int
    warnings: list[str] = field(default_factory=list)
    # Models made for inline (non-``$ref``) schemas: name -> schema.
    inline_models: dict[str, dict[str, Any]] = field(default_factory=dict)

    def warn(self, text: str) -> None:
        self.warnings.append(text)

    def resolve(self, node: Any) -> Any:
        """``node`` itself, or what its ``$ref`` points to (followed to the end)."""
        seen: set[str] = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/"):
                raise invalid_definition(f"not supported: the external reference {ref!r}")
            if ref in seen:
                raise invalid_definition(f"the reference {ref!r} refers to itself")
            seen.add(ref)
            target: Any = self.doc
            for part in ref[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                if not isinstance(target, dict) or part not in target:
                    raise invalid_definition(f"the reference {ref!r} points to nothing")
                target = target[part]
            node = target
        return node

    @property
    def schemas_pointer(self) -> str:
        return "#/definitions/" if self.version == 2 else "#/components/schemas/"

    def model_name(self, schema: Any) -> str | None:
        """The model a schema names: its ``$ref``, or for an inline schema a model made
        for it, named ``MODEL`` and six hex digits as AWS names them (None when the schema
        is not an object)."""
        if not isinstance(schema, dict):
            return None
        ref = schema.get("$ref")
        if isinstance(ref, str):
            if ref.startswith(self.schemas_pointer):
                return ref[len(self.schemas_pointer):]
            return self.model_name(self.resolve(schema))
        digest = hashlib.sha1(json.dumps(schema, sort_keys=True).encode()).hexdigest()
        name = f"MODEL{digest[:6]}"
        self.inline_models[name] = schema
        return name


def base_path(document: Document) -> str:
    """The definition's base path ("" when none), without a trailing slash."""
    doc = document.doc
    if document.version == 2:
        found = str(doc.get("basePath") or "")
    else:
        servers = doc.get("servers") or []
        found = ""
        if servers and isinstance(servers[0], dict) and servers[0].get("url"):
            url = str(servers[0]["url"])
            variables = servers[0].get("variables") or {}

            def default(match: re.Match[str]) -> str:
                var = variables.get(match[1]) or {}
                return str(var.get("default", "")) if isinstance(var, dict) else ""

            url = re.sub(r"\{([^}]*)\}", default, url)
            found = urlsplit(url).path if "://" in url else url
    found = "/" + found.strip("/")
    return "" if found == "/" else found


def apply_base_path(paths: list[str], base: str, mode: str) -> dict[str, str]:
    """Each definition path -> the resource path it becomes under ``basepath=mode``."""
    if mode not in ("ignore", "prepend", "split"):
        raise invalid_definition(f"basepath={mode} is not one of ignore, prepend, split")
    prefix = ""
    if mode == "prepend":
        prefix = base
    elif mode == "split" and base:
        rest = base.strip("/").split("/", 1)
        prefix = "/" + rest[1] if len(rest) > 1 else ""
    return {p: (prefix + p).rstrip("/") or "/" if prefix else p for p in paths}
