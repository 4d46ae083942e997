"""Amazon S3: buckets, objects (streamed to and from files), multipart uploads, presigned
URLs, event notifications, versioning, tagging, CORS, bucket policies and lifecycle.

https://docs.aws.amazon.com/AmazonS3/latest/API/Welcome.html

State is one server-wide SQLite database (bucket names are global, ``store.py``); object
bytes are files (``blobs.py``). Path-style (``/{bucket}/{key}``) and virtual-hosted
(``{bucket}.s3.localhost:{port}``) addressing both work (``edge.py``).

LIMITATIONS (answered 501 "not supported" or documented per module):
- ACLs are disabled (bucket owner enforced: only ``private``), object lock, SSE-C/KMS, replication, inventory,
  analytics, metrics, intelligent tiering, website hosting, access points, Select,
  restore, POST Object (browser form uploads), S3 Express directory buckets;
- bucket policies are evaluated by the server's IAM check (``--iam warn|enforce``,
  ``resource_policy``; the caller's account is taken as the bucket's owner); signatures
  are not verified (presigned URLs' expiry is);
- with ``--iam off`` every account can read and write any bucket whose name it knows.
"""

from __future__ import annotations

from cloudlet.services.s3 import edge, lifecycle, notify, resource_policy  # noqa: F401
from cloudlet.services.s3.operations import (  # noqa: F401
    access,
    attributes,
    buckets,
    config,
    listing,
    multipart,
    objects,
)
from cloudlet.services.s3.registry import service

__all__ = ["service"]
