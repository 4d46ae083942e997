"""The Kinesis service object (JSON 1.1, target Kinesis_20131202) and its per
account/region stores."""

from __future__ import annotations

from cloudlet.server.service import Service
from cloudlet.server.state import Backends
from cloudlet.services.kinesis.store import StreamStore

service = Service("kinesis")

stores: Backends[StreamStore] = Backends(StreamStore)
