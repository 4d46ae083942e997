"""CloudWatch Logs: log groups, log streams and their events, kept in SQLite.

https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/Welcome.html

Lambda writes each invocation's log lines here through ``cloudlet.services.logs.api``
(no HTTP in between); clients read them with DescribeLogGroups, DescribeLogStreams,
GetLogEvents and FilterLogEvents.

LIMITATIONS
- No metric filters, subscription filters, Logs Insights queries, KMS, data protection,
  export tasks, deliveries or anomaly detection (they answer 501).
- FilterLogEvents patterns: terms, quoted phrases, ``?term`` (or), ``-term`` (not) and
  simple JSON patterns ``{ $.key = value }`` / ``{ $.key != value }``; no metric-filter
  space-delimited patterns.
- The 1 MB response size cap of GetLogEvents/FilterLogEvents is not applied (only ``limit``).
"""

from __future__ import annotations

from cloudlet.server.service import Service

service = Service("logs")

from cloudlet.services.logs import lifecycle  # noqa: E402,F401
from cloudlet.services.logs.operations import events, groups, streams, tags  # noqa: E402,F401
