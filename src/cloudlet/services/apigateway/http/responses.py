"""Route responses and integration responses of HTTP APIs: stored, never served.

https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes-routeid-routeresponses.html
https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations-integrationid-integrationresponses.html

AWS uses them for WebSocket APIs; an HTTP API's data plane ignores them, and so does
cloudlet's. Each is stored with the id of its route / integration as the private member
``routeId`` / ``integrationId``; deleting the route or integration deletes them.

LIMITATIONS: RouteResponseKey / IntegrationResponseKey are stored unchecked. Error texts
are cloudlet's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import NotFoundException
from cloudlet.services.apigateway.http.common import Doc, apply, get_child, page, public
from cloudlet.services.apigateway.registry import http_service, store
from cloudlet.services.apigateway.store import new_id


@dataclass(frozen=True)
class _Responses:
    """The five operations on the responses of one parent kind (routes or integrations)."""

    name: str  # "RouteResponse": the operations' noun, the id member is name + "Id"
    parent: str  # the parent's store kind, "route"
    members: tuple[str, ...]

    @property
    def kind(self) -> str:
        return self.name.lower()

    @property
    def key(self) -> str:
        return f"{self.name}Id"

    @property
    def parent_key(self) -> str:
        return f"{self.parent.capitalize()}Id"

    @property
    def private(self) -> str:  # the parent's id, kept in the document
        return f"{self.parent}Id"

    def find(self, ctx: RequestContext, req: dict[str, Any]) -> Doc:
        get_child(ctx, self.parent, req["ApiId"], req[self.parent_key])
        found = store(ctx).get(self.kind, req["ApiId"], req[self.key])
        if found is None or found.get(self.private) != req[self.parent_key]:
            raise NotFoundException(
                f"Invalid {self.name} identifier specified {req[self.key]}", self.name)
        return found

    def create(self, ctx: RequestContext, req: dict[str, Any]) -> Doc:
        get_child(ctx, self.parent, req["ApiId"], req[self.parent_key])
        doc: Doc = {self.key: new_id(6), self.private: req[self.parent_key]}
        apply(doc, req, self.members)
        store(ctx).put(self.kind, req["ApiId"], doc[self.key], doc)
        return public(doc)

    def get(self, ctx: RequestContext, req: dict[str, Any]) -> Doc:
        return public(self.find(ctx, req))

    def list(self, ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
        get_child(ctx, self.parent, req["ApiId"], req[self.parent_key])
        items = [d for d in store(ctx).list(self.kind, req["ApiId"])
                 if d.get(self.private) == req[self.parent_key]]
        return page(items, req)

    def update(self, ctx: RequestContext, req: dict[str, Any]) -> Doc:
        doc = apply(self.find(ctx, req), req, self.members)
        store(ctx).put(self.kind, req["ApiId"], doc[self.key], doc)
        return public(doc)

    def delete(self, ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
        doc = self.find(ctx, req)
        store(ctx).delete(self.kind, req["ApiId"], doc[self.key])
        return {}


ROUTE_RESPONSES = _Responses(
    "RouteResponse", "route",
    ("ModelSelectionExpression", "ResponseModels", "ResponseParameters", "RouteResponseKey"))
INTEGRATION_RESPONSES = _Responses(
    "IntegrationResponse", "integration",
    ("ContentHandlingStrategy", "IntegrationResponseKey", "ResponseParameters",
     "ResponseTemplates", "TemplateSelectionExpression"))

for _responses in (ROUTE_RESPONSES, INTEGRATION_RESPONSES):
    http_service.operation(f"Create{_responses.name}")(_responses.create)
    http_service.operation(f"Get{_responses.name}")(_responses.get)
    http_service.operation(f"Get{_responses.name}s")(_responses.list)
    http_service.operation(f"Update{_responses.name}")(_responses.update)
    http_service.operation(f"Delete{_responses.name}")(_responses.delete)
