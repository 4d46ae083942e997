"""The tests' handle on a real server (see cloudlet.testing)."""

from collections.abc import Iterator
from typing import Any

import pytest

from cloudlet.testing import RunningServer, free_port

__all__ = ["RunningServer", "free_port", "serving"]


def serving(factory: pytest.TempPathFactory, name: str, *args: str,
            **options: Any) -> Iterator[RunningServer]:
    """A fixture's own server, started with ``args`` on a fresh data dir and stopped after:
    ``yield from serving(tmp_path_factory, "sqs-clock", "--clock", "manual")``."""
    running = RunningServer(factory.mktemp(name) / "data", *args, **options).start()
    yield running
    running.stop()
