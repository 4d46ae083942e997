"""The payload limit: 256 KiB of UTF-8 JSON for inputs, outputs and results.

https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
"""

from __future__ import annotations

from typing import Any

import orjson

from cloudlet.services.stepfunctions.language.errors import StatesError

MAX_PAYLOAD = 262_144


def check_size(value: Any, what: str) -> None:
    size = len(orjson.dumps(value))
    if size > MAX_PAYLOAD:
        raise StatesError("States.DataLimitExceeded",
                          f"The {what} of size {size} bytes exceeds the maximum number of bytes"
                          f" service limit of {MAX_PAYLOAD} bytes.")
