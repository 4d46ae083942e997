"""The tests' handle on a real server (see cloudlet.testing)."""

import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from cloudlet.testing import RunningServer, free_port

__all__ = ["RunningServer", "free_port", "send_raw", "serving", "unsigned_authorization"]


def serving(factory: pytest.TempPathFactory, name: str, *args: str,
            **options: Any) -> Iterator[RunningServer]:
    """A fixture's own server, started with ``args`` on a fresh data dir and stopped after:
    ``yield from serving(tmp_path_factory, "sqs-clock", "--clock", "manual")``."""
    running = RunningServer(factory.mktemp(name) / "data", *args, **options).start()
    yield running
    running.stop()


def unsigned_authorization(signing_name: str) -> str:
    """An Authorization header naming the default account and ``signing_name``'s scope,
    for hand-made requests to a server with ``--auth off``."""
    return (f"AWS4-HMAC-SHA256 Credential=test/20261123/us-east-1/{signing_name}/aws4_request, "
            "SignedHeaders=host, Signature=0")


def send_raw(server: RunningServer, path: str, data: bytes, headers: dict[str, str], *,
             method: str = "POST", timeout: float = 60) -> tuple[int, bytes]:
    """The status and body of one plain HTTP request (an error status is answered; a
    dropped connection raises)."""
    request = urllib.request.Request(server.url + path, data=data, method=method,
                                     headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return int(error.code), error.read()
