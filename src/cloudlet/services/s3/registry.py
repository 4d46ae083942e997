"""The S3 service object and its one server-wide store."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from cloudlet.metrics.standard import s3_request
from cloudlet.server.context import RequestContext
from cloudlet.server.service import Service
from cloudlet.server.state import ServerWide
from cloudlet.services.s3.errors import InvalidArgument
from cloudlet.services.s3.store import S3Store

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState

# Query keys an object upload (PutObject, UploadPart) may carry; any other key names a
# sub-resource (?tagging, ?acl, ...) whose small XML body is read into memory.
_UPLOAD_QUERY = re.compile(r"^(partNumber|uploadId|x-id|X-Amz-[A-Za-z-]+|x-amz-[a-z-]+)$")
# A virtual-hosted request: ``{bucket}.s3.localhost``, ``{bucket}.s3.{region}.amazonaws.com``...
VIRTUAL_HOST = re.compile(r"^(?P<bucket>[a-z0-9][a-z0-9.-]*?)\.s3[.-]", re.IGNORECASE)


def _is_upload(request: Request) -> bool:
    """Whether the request is an S3 object upload, whose body goes to disk as it arrives."""
    if request.method != "PUT" or "x-amz-copy-source" in request.headers:
        return False
    signed_s3 = ("/s3/aws4_request" in request.headers.get("authorization", "")
                 or "%2Fs3%2Faws4_request" in request.query_string
                 or ("AWSAccessKeyId=" in request.query_string  # SigV2 presigned (S3 only)
                     and "Signature=" in request.query_string)
                 or VIRTUAL_HOST.match(request.host) is not None)
    if not signed_s3:
        return False
    segments = request.raw_path.strip("/").split("/", 1)
    if len(segments) < 2 and VIRTUAL_HOST.match(request.host) is None:
        return False
    keys = (pair.partition("=")[0] for pair in request.query_string.split("&") if pair)
    return all(_UPLOAD_QUERY.match(k) for k in keys)


def _health(state: ServerState) -> dict[str, Any]:
    st = store_of(state)
    visible, in_flight, delayed = st.queues.counts("s3.notifications")
    buckets = st.conn.execute("SELECT count(*) FROM buckets").fetchone()[0]
    return {"buckets": int(buckets), "pending_notifications": visible + in_flight + delayed}


# S3 never answers ValidationException: a value the model rejects is an InvalidArgument,
# and a LocationConstraint outside the model's (dated) enum reaches CreateBucket's checks.
service = Service("s3", streams_body=_is_upload, health=_health, validation_error=InvalidArgument,
                  opaque_shapes=frozenset({"BucketLocationConstraint"}), meter=s3_request)

_stores: ServerWide[S3Store] = ServerWide(lambda state: S3Store(state.data_dir / "s3", state.clock))


def store_of(state: ServerState) -> S3Store:
    """The server's S3 store (bucket names are global: one store for every account)."""
    return _stores.get(state)


def store(ctx: RequestContext) -> S3Store:
    return _stores.of(ctx)
