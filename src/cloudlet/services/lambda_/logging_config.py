"""A function's ``LoggingConfig``: log format, log levels and log group.

https://docs.aws.amazon.com/lambda/latest/api/API_LoggingConfig.html
https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html
- Only the members given change; ``LogFormat`` is ``Text`` and ``LogGroup``
  ``/aws/lambda/NAME`` by default.
- With ``LogFormat`` JSON, ``ApplicationLogLevel`` and ``SystemLogLevel`` default to INFO.
- With ``LogFormat`` Text a log level is refused (InvalidParameterValueException, AWS's
  text); switching back to Text drops the levels set before.
The enums (JSON/Text, TRACE..FATAL, DEBUG/INFO/WARN) and the LogGroup pattern are checked
from the model.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cloudlet.services.lambda_.errors import InvalidParameterValueException

LEVELS = ("ApplicationLogLevel", "SystemLogLevel")
_ORDER = ("LogFormat", "ApplicationLogLevel", "SystemLogLevel", "LogGroup")
LEVEL_WITH_TEXT = (
    'LogLevel is not supported when LogFormat is set to "Text". Remove LogLevel from your '
    'request or change the LogFormat to "Json" and try again.'
)


def merged(current: Mapping[str, Any], requested: Mapping[str, Any] | None) -> dict[str, Any]:
    """The configuration after a request's ``LoggingConfig`` is applied to ``current``."""
    given = {k: v for k, v in (requested or {}).items() if v}
    config = {**current, **given}
    if config.get("LogFormat") == "JSON":
        for level in LEVELS:
            config.setdefault(level, "INFO")
    else:
        if any(level in given for level in LEVELS):
            raise InvalidParameterValueException(LEVEL_WITH_TEXT)
        for level in LEVELS:
            config.pop(level, None)
    return {key: config[key] for key in _ORDER if key in config}
