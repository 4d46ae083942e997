"""An ``httpApi`` service (tests/unit/serverless/services/httpapi) deployed on cloudlet:
routes by method and path, the ``$default`` catch-all, a JWT-protected route refusing a
request without a token, and the outputs the framework writes."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.apigateway_support import api_host, send
from tests.e2e.serverless.support import deploy_service
from tests.server import RunningServer

SERVICE = Path(__file__).parents[2] / "unit" / "serverless" / "services" / "httpapi"


def test_routes_default_route_and_jwt(server: RunningServer, tmp_path: Path) -> None:
    deployed = deploy_service(server, SERVICE, tmp_path, stage="slshttp")
    api = deployed.stack.physical("HttpApi")
    assert deployed.stack.outputs["HttpApiId"] == api
    host = api_host(server, api)

    status, _, body = send(server, "GET", "/items", host=host)
    assert (status, body) == (200, b"/items")
    status, _, body = send(server, "DELETE", "/anything/else", host=host)
    assert (status, body) == (200, b"/anything/else")       # $default -> fallback
    status, _, _ = send(server, "POST", "/items/7", host=host)
    assert status == 401                                     # JWT authorizer, no token
