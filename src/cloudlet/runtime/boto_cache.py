"""botocore's parsed models, loaded once in the zygote and inherited by every environment.

Creating a handler's first boto3 client costs ~50-100 ms, most of it botocore's
``Loader`` reading and parsing JSON: the service model, its endpoint rule set,
``endpoints.json``, ``partitions.json``, ``_retry.json``, plus a scan of the ~400 model
folders. Each ``botocore.session.Session`` has its own ``Loader`` with an empty cache, so
every new environment paid it again.

``warm()`` runs in the zygote before it forks: it loads the models of common services
through a loader of its own, called as client and resource creation call it, then makes
every loader botocore creates later with the default search path (no ``AWS_DATA_PATH``)
start from that loader's cache. Environments inherit the cache copy-on-write: lookups are
served from it (a ``ChainMap``: the zygote's pages are read, not copied); anything else is
loaded and cached per session as usual.

Invisible to handler code: the cache holds only botocore's bundled model data, which does
not depend on the environment. No session is left in the zygote (``boto_prewarm``'s
throwaway one reads no variable or file and is gone before the first fork), so nothing
account-, region- or credential-related is resolved and no config file is read;
``boto3.DEFAULT_SESSION`` stays unset. Sessions created in the handler
(``boto3.client``, ``boto3.Session()``, ``botocore.session.get_session()``) read
``AWS_REGION``/``AWS_DEFAULT_REGION``, the credentials, ``AWS_ENDPOINT_URL`` and any
config file from the environment as they always do.

LIMITATIONS
- A handler that inserts its own model folder in front of an existing session's loader
  search path (``loader.search_paths.insert(0, ...)``) still gets the bundled models for
  the services warmed here; ``AWS_DATA_PATH`` and ``~/.aws/models`` are honoured as usual
  (a loader with ``AWS_DATA_PATH`` set does not use the cache).
"""

from __future__ import annotations

import collections
import contextlib
import os
import sys
from typing import Any

# The services whose models are warmed unless the manager names its own list (it names
# the services this cloudlet serves: parsed models cost ~1-2 MB each in the zygote, plus
# ~10 MB once for the endpoint and partition data).
SERVICES = (
    "dynamodb",
    "s3",
    "sqs",
    "sns",
    "lambda",
    "logs",
    "stepfunctions",
    "events",
    "sts",
    "kinesis",
    "cloudformation",
    "ssm",
    "secretsmanager",
    "apigateway",
    "dynamodbstreams",
)
RESOURCES = ("dynamodb", "s3", "sqs", "sns")
ALWAYS = ("sts",)  # clients commonly ask who they are

_shared: dict[Any, Any] = {}
_preloaded_tops: frozenset[str] = frozenset()
_SDK = {"boto3", "botocore", "s3transfer"}
_SDK_AND_ITS_DEPENDENCIES = _SDK | {"urllib3", "dateutil", "jmespath", "six"}


def warm(services: tuple[str, ...] = SERVICES, resources: tuple[str, ...] = RESOURCES) -> int:
    """Fill the shared cache and install it; returns the number of cached entries.

    The loader is called exactly as client and resource creation call it (the same
    arguments make the same cache keys; ``test_boto_cache`` checks that creating them
    then reads no file). No session is created: nothing is resolved, no config is read,
    and no temporaries leave holes in the heap that each environment would copy.
    """
    import boto3
    import botocore.loaders
    import botocore.session
    from botocore.exceptions import DataNotFoundError

    loader = botocore.loaders.create_loader(None)
    # boto3.Session adds its resource models the same way (_setup_loader)
    loader.search_paths.append(os.path.join(os.path.dirname(boto3.__file__), "data"))
    loader.load_data_with_path("endpoints")
    for name in ("partitions", "sdk-default-configuration", "_retry"):
        loader.load_data(name)
    for name in services:
        with contextlib.suppress(DataNotFoundError):  # a service missing from this botocore
            model = loader.load_service_model(name, "service-2", api_version=None)
            loader.load_service_model(name, "endpoint-rule-set-1", api_version=None)
            loader.load_service_model(name, "paginators-1", model["metadata"]["apiVersion"])
    for name in resources:  # boto3.Session.resource, then its client for that API version
        with contextlib.suppress(DataNotFoundError):
            loader.load_service_model(name, "resources-1", None)
            version = loader.determine_latest_version(name, "resources-1")
            loader.load_service_model(name, "service-2", api_version=version)
            loader.load_service_model(name, "endpoint-rule-set-1", api_version=version)
            loader.load_service_model(name, "paginators-1", version)
    _shared.update(loader._cache)
    botocore.session.create_loader = _create_loader  # what Session's data_loader calls
    return len(_shared)


def _create_loader(search_path_string: str | None = None) -> Any:
    """``botocore.loaders.create_loader``, starting from the shared cache when the search
    path is the default one."""
    import botocore.loaders

    loader = botocore.loaders.create_loader(search_path_string)
    if search_path_string is None:
        loader._cache = collections.ChainMap({}, _shared)
    return loader


def prefer_packaged(folders: list[str]) -> list[str]:
    """Forget the zygote's preloaded copy of any package the function ships itself (in its
    code or a layer), so its own version is imported, as on Lambda where a packaged boto3
    wins over the runtime's. Standard-library modules and cloudlet's own are kept.
    Returns the top-level names forgotten."""
    tops = _preloaded_tops or preloaded_tops()
    shipped: set[str] = set()
    for folder in folders:  # one listing per folder, not a stat per module and folder
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for entry in names:
            top = entry[:-3] if entry.endswith(".py") else entry
            if top in tops and (top == entry and os.path.isdir(os.path.join(folder, entry))
                                or top != entry and os.path.isfile(os.path.join(folder, entry))):
                shipped.add(top)
    if shipped & _SDK_AND_ITS_DEPENDENCIES:
        # the SDK's preloaded modules hold references to each other: replace them together
        shipped |= _SDK & tops
    if shipped:  # (walking sys.modules touches, and so copies, pages shared with the zygote)
        for name in list(sys.modules):
            if name.partition(".")[0] in shipped:
                del sys.modules[name]
    return sorted(shipped)


def preloaded_tops() -> frozenset[str]:
    """The top-level names of the loaded modules that a function may ship itself (not
    the standard library's, not cloudlet's); the zygote keeps them once it has preloaded."""
    keep = set(sys.stdlib_module_names) | {"cloudlet", "__main__", "builtins"}
    return frozenset({name.partition(".")[0] for name in list(sys.modules)} - keep)


def remember_preloaded() -> None:
    """Called by the zygote before it forks: ``prefer_packaged`` then reads this set."""
    global _preloaded_tops
    _preloaded_tops = preloaded_tops()
