"""The STS service object."""

from __future__ import annotations

from cloudlet.server.service import Service

service = Service("sts")
