"""A JWKS document served on the loopback interface and a clock moved by hand, for the
tests of jwt_verify and the Cognito authorizer."""

from __future__ import annotations

import http.server
import json
import threading
from typing import Any

import jwt

from cloudlet.clock import Clock

NOW = 1_800_000_000.0


class FixedClock(Clock):
    def __init__(self) -> None:
        self.t = NOW
        self.m = 1000.0

    def now(self) -> float:
        return self.t

    def monotonic(self) -> float:
        return self.m


class Jwks:
    """A JWKS document served on 127.0.0.1, counting fetches."""

    def __init__(self) -> None:
        self.keys: list[dict[str, Any]] = []
        self.fetches = 0
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.fetches += 1
                body = json.dumps({"keys": owner.keys}).encode()
                self.send_response(200 if self.path == "/.well-known/jwks.json" else 404)
                self.send_header("content-type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def add(self, key: Any, kid: str, alg: str) -> None:
        data = json.loads(jwt.algorithms.get_default_algorithms()[alg].to_jwk(key.public_key()))
        self.keys.append({**data, "kid": kid, "alg": alg, "use": "sig"})
