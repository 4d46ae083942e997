"""The DynamoDB service object and its per account/region backends."""

from __future__ import annotations

from cloudlet.server.service import Service
from cloudlet.server.state import Backends
from cloudlet.services.dynamodb.backend import DynamoBackend

service = Service(
    "dynamodb",
    error_prefix="com.amazonaws.dynamodb.v20120810#",
    opaque_shapes=frozenset({"AttributeValue"}),
)

backends: Backends[DynamoBackend] = Backends(
    lambda state, account, region: DynamoBackend(
        state.db_path("dynamodb", account, region), state.clock, region, account
    )
)
