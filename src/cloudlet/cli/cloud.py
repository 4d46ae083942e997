"""The running cloudlet as the deployment commands see it: one boto3 session, clients
made once and kept (a client costs ~25 ms to make; ``up`` redeploys with warm ones), the
account and region, and the URLs of APIs served by that server.
"""

from __future__ import annotations

import os
import urllib.parse
from functools import cached_property
from typing import Any

DEFAULT_ACCOUNT = "000000000000"


def account_of(access_key: str) -> str:
    """cloudlet's account for an access key: a 12-digit key id is that account, anything
    else the default account (DESIGN.md, "Processes")."""
    return access_key if len(access_key) == 12 and access_key.isdigit() else DEFAULT_ACCOUNT


class Cloud:
    """Clients for one endpoint and region."""

    def __init__(self, endpoint_url: str, region: str) -> None:
        self.endpoint_url = endpoint_url.rstrip("/")
        self.region = region
        self.access_key = os.environ.get("AWS_ACCESS_KEY_ID", "test")
        self.account = account_of(self.access_key)
        self._clients: dict[str, Any] = {}

    @cached_property
    def session(self) -> Any:
        import boto3

        return boto3.Session(
            aws_access_key_id=self.access_key,
            aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "test"),
            aws_session_token=os.environ.get("AWS_SESSION_TOKEN"),
            region_name=self.region)

    def client(self, service: str) -> Any:
        if service not in self._clients:
            from botocore.config import Config

            config = Config(retries={"max_attempts": 1}, read_timeout=960,
                            s3={"addressing_style": "path"})
            self._clients[service] = self.session.client(
                service, endpoint_url=self.endpoint_url, config=config)
        return self._clients[service]

    @property
    def port(self) -> int:
        parsed = urllib.parse.urlsplit(self.endpoint_url)
        return parsed.port or (443 if parsed.scheme == "https" else 80)

    def api_url(self, api_id: str, stage: str) -> str:
        """A stage's URL in the host form (curl resolves ``*.localhost`` to loopback);
        an HTTP API's ``$default`` stage has no stage segment."""
        suffix = "" if stage == "$default" else f"/{stage}"
        return f"http://{api_id}.execute-api.localhost:{self.port}{suffix}"

    def api_path_url(self, api_id: str, stage: str) -> str:
        """The same stage in the path form, for clients that cannot set a Host."""
        return f"{self.endpoint_url}/restapis/{api_id}/{stage}/_user_request_"

    def object_url(self, bucket: str, key: str) -> str:
        """The path-style URL of an S3 object (a ``TemplateURL``)."""
        return f"{self.endpoint_url}/{bucket}/{urllib.parse.quote(key)}"

    def healthy(self) -> bool:
        """Whether a cloudlet answers at the endpoint."""
        import urllib.request

        try:
            with urllib.request.urlopen(self.endpoint_url + "/_cloudlet/health", timeout=2) as r:
                return bool(r.status == 200)
        except OSError:
            return False
