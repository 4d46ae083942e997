"""The CloudFormation service object (query protocol, ``Action=CreateStack``...)."""

from __future__ import annotations

from cloudlet.server.service import Service

service = Service("cloudformation")
