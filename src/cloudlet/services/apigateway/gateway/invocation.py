"""One request to a deployed REST API stage, as every step of the REST pipeline sees it.

The pipeline (``rest_pipeline``) fills it step by step: the stage and its deployment's
snapshot, the matched resource and method, then protection (``protection``: API key,
usage plan, authorizer, request validation) adds ``api_key``/``authorizer``, then the
integration runs (``proxy`` for AWS_PROXY, ``integrations`` for AWS, HTTP, HTTP_PROXY and
MOCK). A test invocation (``test_caller`` set) skips protection. ``context()`` is the ``$context`` map of mapping templates and the source of the
proxy event's ``requestContext``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState
    from cloudlet.services.apigateway.gateway.entry import ApiRef


@dataclass(slots=True)
class Invocation:
    state: ServerState
    request: Request
    api: ApiRef
    stage_name: str
    stage: dict[str, Any]  # the Stage document
    snapshot: dict[str, Any]  # the deployment's snapshot (store.py)
    path: str  # the request path below the stage, percent-decoded ("/pets/1")
    request_id: str
    extended_request_id: str
    request_time_epoch: int  # milliseconds
    resource: dict[str, Any] | None = None  # the matched Resource document
    method: dict[str, Any] | None = None  # the matched Method (resourceMethods[verb])
    path_params: dict[str, str] = field(default_factory=dict)
    stage_variables: dict[str, str] = field(default_factory=dict)
    api_key: dict[str, Any] | None = None  # the ApiKey document the request used
    # What an authorizer returned: principalId, context values, claims (Cognito).
    authorizer: dict[str, Any] = field(default_factory=dict)
    deployment_id: str = ""
    # TestInvokeMethod (``rest/method_test_invoke``): the caller's ARN; the event then carries the
    # headers exactly as given and AWS's test-invoke identity (``test_identity``).
    test_caller: str | None = None

    @property
    def http_method(self) -> str:
        return self.request.method

    @property
    def source_ip(self) -> str:
        forwarded = self.request.headers.get("x-forwarded-for")
        if forwarded:
            return forwarded.split(",")[0].strip()
        return self.request.client[0] if self.request.client else "127.0.0.1"

    @property
    def resource_path(self) -> str:
        return str(self.resource["path"]) if self.resource else self.path

    @property
    def integration(self) -> dict[str, Any]:
        method = self.method or {}
        found: dict[str, Any] = method.get("methodIntegration") or {}
        return found
