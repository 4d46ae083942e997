"""Request ids: a random UUID (version 4 layout) per request, as AWS's JSON services send
in ``x-amzn-RequestId``.

``uuid.uuid4()`` reads 16 bytes from the OS per call (a system call, ~5 us here, on
every request); a request id needs to be unique, not unguessable, so it comes from
Python's own generator (seeded from the OS at start and after a fork).
"""

from __future__ import annotations

import os
import random

_random = random.Random()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_random.seed)

_VERSION_4 = (4 << 76) | (2 << 62)  # the version nibble and the RFC 4122 variant bits
_KEEP = ~((0xF << 76) | (3 << 62)) & ((1 << 128) - 1)


def request_id() -> str:
    """A new id such as ``1b4e28ba-2fa1-41d2-883f-0016d3cca427``."""
    text = f"{(_random.getrandbits(128) & _KEEP) | _VERSION_4:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
