"""The CloudWatch service object (``monitoring``), served over AWS JSON 1.0.

botocore's model lists the protocols ``smithy-rpc-v2-cbor``, ``json`` and ``query`` and
its clients send ``json`` (``X-Amz-Target: GraniteServiceVersion20100801.<Op>``); the
server picks a protocol from ``model.protocol``, so the service is given the same model
with ``json`` as its protocol. Older SDKs' query requests are taken by ``query_api``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import botocore.model

from cloudlet.metrics.recorder import STORES
from cloudlet.server.models import new_loader
from cloudlet.server.service import Service
from cloudlet.services.cloudwatch.errors import ValidationError

if TYPE_CHECKING:
    from cloudlet.metrics.store import MetricStore
    from cloudlet.server.context import RequestContext


def _json_model() -> botocore.model.ServiceModel:
    # A loader of its own: the data it caches is changed here, and no one else shares it.
    data = new_loader().load_service_model("cloudwatch", "service-2")
    data["metadata"]["protocol"] = "json"
    return botocore.model.ServiceModel(data, service_name="cloudwatch")


service = Service("cloudwatch", error_prefix="com.amazonaws.cloudwatch#",
                  validation_error=ValidationError, model_factory=_json_model)


def store(ctx: RequestContext) -> MetricStore:
    return STORES.of(ctx)
