"""One HTTP/1.1 POST to a loopback endpoint, on asyncio streams (no client library).

https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.prepare.html (SNS POSTs with
``Content-Type: text/plain; charset=UTF-8`` and the ``x-amz-sns-*`` headers, and waits
about 15 seconds for the answer)

LIMITATIONS: https endpoints are reached over TLS without certificate verification (a
loopback test server's certificate is self-signed); redirects are not followed.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from urllib.parse import urlsplit

TIMEOUT_S = 15.0


class DeliveryFailed(Exception):
    """The endpoint could not be reached or did not answer in time."""


async def post(url: str, body: bytes, headers: list[tuple[str, str]]) -> int:
    """POST ``body`` to ``url``; the response's status code."""
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    host = parts.hostname or "127.0.0.1"
    port = parts.port or (443 if secure else 80)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    context: ssl.SSLContext | None = None
    if secure:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    try:
        async with asyncio.timeout(TIMEOUT_S):
            reader, writer = await asyncio.open_connection(host, port, ssl=context)
            try:
                head = [f"POST {target} HTTP/1.1", f"Host: {parts.netloc}",
                        f"Content-Length: {len(body)}", "Connection: close"]
                head += [f"{name}: {value}" for name, value in headers]
                writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
                await writer.drain()
                status_line = await reader.readline()
            finally:
                writer.close()
                with contextlib.suppress(Exception):
                    await writer.wait_closed()
    except (OSError, TimeoutError, ssl.SSLError) as error:
        raise DeliveryFailed(f"{type(error).__name__}: {error}") from None
    fields = status_line.decode("latin-1").split()
    if len(fields) < 2 or not fields[1].isdigit():
        raise DeliveryFailed(f"bad status line {status_line!r}")
    return int(fields[1])
