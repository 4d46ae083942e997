"""The tests' handle on a real server (see cloudlet.testing)."""

from cloudlet.testing import RunningServer, free_port

__all__ = ["RunningServer", "free_port"]
