"""The temperatures pipeline's two steps, each a Lambda handler.

``validate`` checks a reading ``{"sensor": str, "celsius": number}`` and adds its Fahrenheit
value; a reading below absolute zero raises ``BelowAbsoluteZero`` (the execution then fails
with that error), a malformed one ``InvalidReading``. ``enrich`` adds where the sensor is,
from ``sensors.json`` beside this file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ABSOLUTE_ZERO_C = -273.15
SENSORS = json.loads((Path(__file__).parent / "sensors.json").read_text())


class InvalidReading(Exception):
    """The reading has no sensor name or no numeric ``celsius``."""


class BelowAbsoluteZero(Exception):
    """No thermometer reads below -273.15 C: the sensor is broken."""


def validate(event: dict[str, Any], context: Any) -> dict[str, Any]:
    sensor, celsius = event.get("sensor"), event.get("celsius")
    if not isinstance(sensor, str) or not sensor:
        raise InvalidReading("a reading needs a sensor name")
    if isinstance(celsius, bool) or not isinstance(celsius, int | float):
        raise InvalidReading(f"reading from {sensor} has no numeric celsius: {celsius!r}")
    if celsius < ABSOLUTE_ZERO_C:
        raise BelowAbsoluteZero(f"{celsius} C from {sensor} is below absolute zero "
                                f"({ABSOLUTE_ZERO_C} C)")
    return {"sensor": sensor, "celsius": celsius,
            "fahrenheit": round(celsius * 9 / 5 + 32, 2)}


def enrich(event: dict[str, Any], context: Any) -> dict[str, Any]:
    location = SENSORS.get(event["sensor"], {"site": "unknown"})
    return {**event, "location": location}
