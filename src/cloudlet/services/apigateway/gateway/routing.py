"""Which resource and method of a deployed REST API a request reaches.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html#api-gateway-proxy-resource
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-troubleshoot-403-forbidden.html

- Paths are case-sensitive and matched segment by segment; each segment is percent-decoded
  after splitting (``%2F`` stays inside its segment). A trailing slash and empty segments
  are ignored for matching (``/pets/`` reaches ``/pets``).
- At each level a literal segment is tried first, then ``{param}``, then a greedy
  ``{name+}`` (any name), which takes one or more remaining segments: ``/{proxy+}``
  does not match ``/`` itself, and ``/pets/{proxy+}`` does not match ``/pets``.
  A more specific branch that cannot match the rest of the path falls back to the next.
- A resource with no methods is only a step on the way (it matches nothing).
- The method is ``resourceMethods[verb]``, else ``resourceMethods["ANY"]``; HEAD is not
  served by GET.
- No matching resource, or a resource without the request's method: 403
  ``{"message":"Missing Authentication Token"}`` (MISSING_AUTHENTICATION_TOKEN).

LIMITATIONS: a matched resource lacking the verb does not fall back to a less specific
resource that has it (AWS's behaviour there is not documented; cloudlet answers 403).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from cloudlet.services.apigateway.gateway.errors import GatewayError


@dataclass(slots=True)
class _Node:
    resource: dict[str, Any] | None = None
    literals: dict[str, _Node] = field(default_factory=dict)
    param: tuple[str, _Node] | None = None
    greedy: tuple[str, _Node] | None = None

    def child(self, segment: str) -> _Node:
        if segment.startswith("{") and segment.endswith("+}"):
            if self.greedy is None:
                self.greedy = (segment[1:-2], _Node())
            return self.greedy[1]
        if segment.startswith("{") and segment.endswith("}"):
            if self.param is None:
                self.param = (segment[1:-1], _Node())
            return self.param[1]
        return self.literals.setdefault(segment, _Node())


@dataclass(frozen=True, slots=True)
class Route:
    resource: dict[str, Any]
    method: dict[str, Any]
    path_params: dict[str, str]


def missing_token() -> GatewayError:
    return GatewayError("MISSING_AUTHENTICATION_TOKEN",
                        headers={"x-amzn-ErrorType": "MissingAuthenticationTokenException"})


def segments(raw_path: str) -> list[str]:
    """The non-empty segments of ``raw_path``, each percent-decoded."""
    return [unquote(s) for s in raw_path.split("/") if s]


class Router:
    """A deployed API's resources as a tree of path segments."""

    def __init__(self, resources: list[dict[str, Any]]):
        self.root = _Node()
        for resource in resources:
            node = self.root
            for segment in str(resource.get("path", "/")).split("/"):
                if segment:
                    node = node.child(segment)
            node.resource = resource

    def match(self, verb: str, raw_path: str) -> Route:
        """The resource and method for ``verb`` on ``raw_path`` (below the stage);
        ``GatewayError`` MISSING_AUTHENTICATION_TOKEN when there is none."""
        params: dict[str, str] = {}
        resource = self._find(self.root, segments(raw_path), 0, params)
        if resource is None:
            raise missing_token()
        methods: dict[str, Any] = resource.get("resourceMethods") or {}
        method = methods.get(verb.upper()) or methods.get("ANY")
        if method is None:
            raise missing_token()
        return Route(resource, method, params)

    def _find(self, node: _Node, parts: list[str], i: int,
              params: dict[str, str]) -> dict[str, Any] | None:
        if i == len(parts):
            if node.resource is not None and node.resource.get("resourceMethods"):
                return node.resource
            return None
        literal = node.literals.get(parts[i])
        if literal is not None:
            found = self._find(literal, parts, i + 1, params)
            if found is not None:
                return found
        if node.param is not None:
            name, child = node.param
            found = self._find(child, parts, i + 1, params)
            if found is not None:
                params[name] = parts[i]
                return found
        if node.greedy is not None:
            name, child = node.greedy
            if child.resource is not None and child.resource.get("resourceMethods"):
                params[name] = "/".join(parts[i:])
                return child.resource
        return None
