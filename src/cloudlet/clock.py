"""Time and ids, injected so tests can control them."""

from __future__ import annotations

import time
import uuid


class Clock:
    """Wall-clock and monotonic time. Replace in tests to move time by hand."""

    def now(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()


def new_id() -> str:
    return str(uuid.uuid4())
