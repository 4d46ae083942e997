"""Edge routing: which service and operation a request is for.

In order: the ``X-Amz-Target`` header (``DynamoDB_20120810.PutItem``) names both; else a
query-protocol request (a form-encoded POST, or a GET with ``Action=`` in the query
string) goes to the query service its SigV4 credential scope names or, unsigned, to the
one query service whose model has that ``Action``; else the credential scope names the
service and, for REST protocols, the method and path name the operation; an unsigned REST
request is matched against every REST service's routes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cloudlet.server.context import Caller, parse_authorization
from cloudlet.server.protocols import rest
from cloudlet.server.protocols.query import form_params, is_form

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.service import Service


@dataclass(slots=True)
class Target:
    service: Service
    operation: str | None  # None: the service is known but the operation is not
    params: dict[str, str]
    caller: Caller | None


class EdgeRouter:
    def __init__(self, services: dict[str, Service]):
        self.by_target: dict[str, Service] = {}
        self.by_signing_name: dict[str, list[Service]] = {}
        self.rest: list[tuple[Service, list[rest.Route]]] = []
        self.query: list[tuple[Service, frozenset[str]]] = []
        for service in services.values():
            summary = service.summary  # not the model: that is loaded on first request
            meta = summary.metadata
            prefix = meta.get("targetPrefix")
            if prefix:
                self.by_target[prefix] = service
            signing = meta.get("signingName") or meta.get("endpointPrefix")
            self.by_signing_name.setdefault(signing, []).append(service)
            if summary.protocol.startswith("rest"):
                self.rest.append((service, rest.routes_from(summary.routes)))
            elif summary.protocol == "query":
                self.query.append((service, summary.operation_names))

    def route(self, request: Request) -> Target | None:
        caller = parse_authorization(request.headers.get("authorization"))
        if caller is None and "X-Amz-Credential=" in request.query_string:
            # A presigned URL carries its credential scope in the query string.
            scope = dict(request.query()).get("X-Amz-Credential", "")
            caller = parse_authorization(f"Credential={scope}")
        target = request.headers.get("x-amz-target")
        if target:
            prefix, _, operation = target.partition(".")
            service = self.by_target.get(prefix)
            if service is not None:
                return Target(service, operation, {}, caller)
            return None
        if self.query and (
            (request.method == "POST" and is_form(request))
            or (request.method == "GET" and "Action=" in request.query_string)
        ):
            query_target = self._query(request, caller)
            if query_target is not None:
                return query_target
        candidates = self.rest
        if caller is not None and caller.signing_service in self.by_signing_name:
            signed = self.by_signing_name[caller.signing_service]
            candidates = [(s, r) for s, r in self.rest if s in signed] or candidates
        for service, routes in candidates:
            found = rest.match(routes, request)
            if found is not None:
                return Target(service, found[0], found[1], caller)
        return None

    def _query(self, request: Request, caller: Caller | None) -> Target | None:
        params = form_params(request)
        action = params.get("Action")
        if caller is not None and caller.signing_service in self.by_signing_name:
            signed = self.by_signing_name[caller.signing_service]
            services = [(s, ops) for s, ops in self.query if s in signed]
            if services:
                service = next((s for s, ops in services if action in ops), services[0][0])
                return Target(service, action, params, caller)
            return None
        owners = [s for s, ops in self.query if action in ops]
        if len(owners) == 1:
            return Target(owners[0], action, params, caller)
        return None
