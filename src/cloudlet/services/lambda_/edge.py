"""Serve deployment packages back: GetFunction's ``Code.Location`` points here.

``GET /_cloudlet_lambda/code/{account}/{region}/{sha256-hex}.zip`` answers the zip (the
path holds the content hash, so it works like the pre-signed S3 URL AWS hands out).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cloudlet.server.http import Response
from cloudlet.services.lambda_ import service
from cloudlet.services.lambda_.operations.functions import CODE_PATH

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState

_PATH = re.compile(re.escape(CODE_PATH) + r"/(\d{12})/([a-z0-9-]+)/([0-9a-f]{64})\.zip")


@service.route(prefix=CODE_PATH)
async def serve_code(state: ServerState, request: Request, params: dict[str, str]) -> Response:
    found = _PATH.fullmatch(request.path)
    if found is None or request.method not in ("GET", "HEAD"):
        return Response(404, b"not found", [("content-type", "text/plain")])
    account, region, sha_hex = found.groups()
    path = state.data_dir / account / region / "lambda" / "code" / f"{sha_hex}.zip"
    if not path.is_file():
        return Response(404, b"not found", [("content-type", "text/plain")])
    body = path.read_bytes()
    return Response(200, b"" if request.method == "HEAD" else body,
                    [("content-type", "application/zip"), ("content-length", str(len(body)))])

