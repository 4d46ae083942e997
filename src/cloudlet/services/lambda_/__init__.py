"""AWS Lambda: functions, versions, aliases, layers, concurrency, and invocations on the
local runtime.

https://docs.aws.amazon.com/lambda/latest/api/welcome.html

Function definitions live in SQLite and packages on disk under the data directory
(``backend``, ``code``), so they survive a restart. Invoke hands a ``FunctionSpec`` to
the server's one ``RuntimeManager`` (``invoker``); Event invocations go through a
persistent queue with Lambda's retry policy (``async_queue``, ``async_invoke``,
``destinations``); event source mappings poll SQS and streams (``event_sources``). Each
invocation's log lines go to CloudWatch Logs group ``/aws/lambda/NAME``.

LIMITATIONS
- Code only as ``ZipFile`` (S3 locations until cloudlet has S3; no container images).
- Layer content only as ``ZipFile``; no layer permissions (shared layers).
- Function policies (AddPermission) are evaluated by the server's IAM check
  (``resource_policy``) and by the services that invoke functions.
- No provisioned concurrency, SnapStart, code signing, VPC or EFS (they answer 501 or
  a clear "not supported"); function URLs answer buffered (``urls``).
- Asynchronous invocation settings apply per version (not per alias); an Event
  invocation through an alias runs the version picked when it was queued.
- The unreserved-concurrency floor is a tenth of ``--account-concurrency`` (at most 100,
  AWS's value), so small local limits still allow reservations.
"""

from __future__ import annotations

from cloudlet.server.service import Service

service = Service("lambda")

from cloudlet.services.lambda_ import (  # noqa: E402,F401
    edge,
    event_sources,
    lifecycle,
    resource_policy,
)
from cloudlet.services.lambda_.operations import (  # noqa: E402,F401
    aliases,
    concurrency,
    event_config,
    functions,
    invoke,
    layers,
    permissions,
    tags,
    versions,
)
from cloudlet.services.lambda_.urls import operations as url_operations  # noqa: E402,F401
from cloudlet.services.lambda_.urls import serve as url_serving  # noqa: E402,F401
