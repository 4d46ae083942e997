"""botocore's service models, loaded once per process."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import botocore.loaders
import botocore.model

if TYPE_CHECKING:
    from botocore.model import ServiceModel


@cache
def _loader() -> botocore.loaders.Loader:
    return botocore.loaders.create_loader()


@cache
def load_model(name: str) -> ServiceModel:
    data = _loader().load_service_model(name, "service-2")
    return botocore.model.ServiceModel(data, service_name=name)
