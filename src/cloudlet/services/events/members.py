"""Request and response members, as the model names them.

EventBridge's operations take and answer plain member maps; cloudlet keeps them as dicts
(the protocol layer has already checked them against the model).
"""

from __future__ import annotations

from typing import Any

Request = dict[str, Any]
