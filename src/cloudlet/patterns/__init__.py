"""Event patterns (EventBridge, Lambda FilterCriteria) and SNS filter policies.

One engine (``tree``, ``values``), two grammars: ``compile_event_pattern`` answers with
EventBridge's wording, ``compile_filter_policy`` with SNS's. Compile once, match many times.
"""

from __future__ import annotations

from cloudlet.patterns.errors import PatternError
from cloudlet.patterns.event_pattern import compile_event_pattern, matches_event_pattern
from cloudlet.patterns.filter_policy import compile_filter_policy
from cloudlet.patterns.tree import Pattern

__all__ = [
    "Pattern",
    "PatternError",
    "compile_event_pattern",
    "compile_filter_policy",
    "matches_event_pattern",
]
