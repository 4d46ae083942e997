"""One request to a deployed HTTP API stage, as every step of the HTTP pipeline sees it.

``http_pipeline`` fills it: the stage and its deployment's snapshot, the matched route, then
the authorizer's result (``http_authorizers``), then the integration runs (Lambda proxy
through ``http_events``, ``HTTP_PROXY`` through ``http_proxy_integration``). ``context()``
is the ``$context`` map of parameter mappings and access logs.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cloudlet.services.apigateway.gateway.context_vars import clf_time
from cloudlet.services.apigateway.gateway.http_routing import DEFAULT_ROUTE

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState
    from cloudlet.services.apigateway.gateway.entry import ApiRef


def new_request_id() -> str:
    """An id like HTTP APIs' ``apigw-requestid`` (``JKJaXmPLvHcESHA=``)."""
    return base64.b64encode(secrets.token_bytes(10)).decode()


def request_time(epoch_ms: int) -> str:
    """``12/Mar/2020:19:03:58 +0000``, the CLF time of ``requestContext.time``."""
    return clf_time(epoch_ms)


@dataclass(slots=True)
class HttpInvocation:
    state: ServerState
    request: Request
    api: ApiRef
    api_doc: dict[str, Any]  # the Api document as deployed
    stage_name: str
    stage: dict[str, Any]  # the Stage document
    snapshot: dict[str, Any]  # the deployment's snapshot
    path: str  # the raw request path below the stage ("/pets/1")
    request_id: str
    request_time_epoch: int  # milliseconds
    route: dict[str, Any] = field(default_factory=dict)  # the matched Route document
    path_params: dict[str, str] = field(default_factory=dict)
    # requestContext.authorizer of the event ({"jwt": ...} or {"lambda": ...}).
    authorizer: dict[str, Any] | None = None
    # What access logs read: integration status, error message and so on.
    log_fields: dict[str, Any] = field(default_factory=dict)

    @property
    def route_key(self) -> str:
        return str(self.route.get("RouteKey", DEFAULT_ROUTE))

    @property
    def stage_variables(self) -> dict[str, str]:
        found: dict[str, str] = self.stage.get("StageVariables") or {}
        return found

    @property
    def raw_path(self) -> str:
        """The path as the client sent it, with the stage segment of a named stage
        (``rawPath`` and ``requestContext.http.path`` carry it)."""
        if self.stage_name == "$default":
            return self.path
        return f"/{self.stage_name}{self.path}" if self.path != "/" else f"/{self.stage_name}"

    @property
    def source_ip(self) -> str:
        return self.request.client[0] if self.request.client else "127.0.0.1"

    @property
    def user_agent(self) -> str:
        return self.request.headers.get("user-agent", "")

    @property
    def domain_name(self) -> str:
        host = self.request.host.rsplit(":", 1)[0].lower()
        if host.startswith(self.api.api_id + "."):
            return host
        return f"{self.api.api_id}.execute-api.localhost"

    @property
    def domain_prefix(self) -> str:
        return self.domain_name.split(".", 1)[0]

    def integration(self) -> dict[str, Any] | None:
        """The Integration document the route targets (``integrations/{id}``), or None."""
        target = str(self.route.get("Target") or "")
        if not target.startswith("integrations/"):
            return None
        wanted = target.split("/", 1)[1]
        for integration in self.snapshot.get("integrations") or []:
            if integration.get("IntegrationId") == wanted:
                found: dict[str, Any] = integration
                return found
        return None

    def authorizer_doc(self) -> dict[str, Any] | None:
        wanted = self.route.get("AuthorizerId")
        for authorizer in self.snapshot.get("authorizers") or []:
            if authorizer.get("AuthorizerId") == wanted:
                found: dict[str, Any] = authorizer
                return found
        return None

    def context(self) -> dict[str, Any]:
        """The ``$context`` variables known so far, nested as their dotted names
        (``identity.sourceIp``), for parameter mappings and access logs."""
        values: dict[str, Any] = {
            "accountId": self.api.account,
            "apiId": self.api.api_id,
            "domainName": self.domain_name,
            "domainPrefix": self.domain_prefix,
            "httpMethod": self.request.method,
            "path": self.raw_path,
            "protocol": "HTTP/1.1",
            "requestId": self.request_id,
            "extendedRequestId": self.request_id,
            "requestTime": request_time(self.request_time_epoch),
            "requestTimeEpoch": self.request_time_epoch,
            "routeKey": self.route_key if self.route else "-",
            "stage": self.stage_name,
            "identity": {"sourceIp": self.source_ip, "userAgent": self.user_agent},
            "stageVariables": dict(self.stage_variables),
        }
        authorizer: dict[str, Any] = dict((self.authorizer or {}).get("lambda") or {})
        jwt = (self.authorizer or {}).get("jwt")
        if jwt:
            authorizer["claims"] = jwt.get("claims") or {}
        if authorizer:
            values["authorizer"] = authorizer
        values.update(self.log_fields)
        return values
