"""What building a boto3 client costs beyond its models, paid once in the zygote.

A handler module that does ``import boto3; ddb = boto3.client("dynamodb")`` paid, in a
forked environment with the models already cached (``boto_cache``), about 20 ms:

- ~8 ms ``botocore.session.Session()``: registering its ~130 builtin event handlers, each
  name run through ``EventAliaser``'s alias loop and each handler's signature inspected;
- ~6 ms the credential-provider chain's first setup and client creation's first-time work
  (lazily imported modules, ``xform_name``'s memo, the endpoint library's memos, the
  first SSL context), which later clients in the same process no longer pay;
- the rest: the client class and its method table, the endpoint rule set's objects.

``warm()`` runs in the zygote: it builds clients of the served services once through a
throwaway session whose configuration comes from nothing (no environment variable, no
config or credentials file; explicit placeholder keys that no provider resolves), so
every module-level cache and import is filled, then drops that session. It also keeps
one thing from it: the builtin handlers' registration (the event trie and the alias
names it computed). ``Session._register_builtin_handlers`` then gives a new session a
copy of that registration when the result would be the same (a plain
``HierarchicalEmitter`` that nothing has registered on yet, the same
``BUILTIN_HANDLERS`` and ``EVENT_ALIASES``); any other case registers as botocore does.

Invisible to handler code: the template holds only botocore's module-level handler
functions and objects, which every session shares anyway; nothing account-, region- or
credential-specific survives the warm-up (the throwaway session, its clients and its
credentials are gone before the zygote forks). A handler's session still reads
``AWS_REGION``/``AWS_DEFAULT_REGION``, the credentials, ``AWS_ENDPOINT_URL`` and any
config file when it is created; its own ``event_hooks``, ``register`` calls and
``Config`` work as usual (``tests/runtime/test_boto3.py``).

Measured in a fork of a warmed zygote (boto3 1.44, Python 3.11, this 2-core machine, the
first ``boto3.client("dynamodb")`` with the environment's variables): ~20 ms before
(session 8, credential chain 6-7, client 5-7), ~8 ms after (session 1, boto3 session
1.3, credential chain 1.1, client 4.5); the rest is mostly first-touch copy-on-write
faults on the zygote's pages.

LIMITATIONS
- ``botocore.session.Session._register_builtin_handlers`` and
  ``botocore.httpsession.create_urllib3_context`` are cloudlet's wrappers in an
  environment (same results; code that inspects them sees other functions).
- Only the first ``SPARE_SESSIONS`` sessions and ``SPARE_SSL_CONTEXTS`` contexts of an
  environment are free; later ones copy the template (~1.5 ms) or build a context.
"""

from __future__ import annotations

import contextlib
import copy
import os
from typing import Any

_template: dict[str, Any] = {}
_ORIGINAL: Any = None  # botocore's own Session._register_builtin_handlers
_ORIGINAL_CONTEXT: Any = None  # and its create_urllib3_context
# Made in the zygote, each handed out once per environment (a fork has its own list):
SPARE_SESSIONS = 2  # builtin-handler registrations (event tries), ~1.5 ms to copy each
SPARE_SSL_CONTEXTS = 6  # a client and the credential chain's two fetchers make one each
_spare_tries: list[tuple[Any, Any]] = []
_spare_contexts: list[Any] = []


def warm(services: tuple[str, ...]) -> int:
    """Build one client per service through a configuration-free session, keep the
    builtin-handler template, install the fast path; returns the clients built."""
    import botocore.credentials
    import botocore.httpsession
    import botocore.session

    global _ORIGINAL, _ORIGINAL_CONTEXT
    if _ORIGINAL is None:
        _ORIGINAL = botocore.session.Session._register_builtin_handlers
        _ORIGINAL_CONTEXT = botocore.httpsession.create_urllib3_context
    saved = {k: v for k, v in os.environ.items() if k.startswith(("AWS_", "BOTO_"))}
    for key in saved:
        del os.environ[key]
    built = 0
    try:
        session = botocore.session.Session()
        for name in ("config_file", "credentials_file"):
            session.set_config_variable(name, os.devnull)
        _keep_template(session)
        botocore.credentials.create_credential_resolver(session, region_name="us-east-1")
        for service in services:
            with contextlib.suppress(Exception):  # a service missing from this botocore
                session.create_client(service, region_name="us-east-1",
                                      aws_access_key_id="cloudlet-zygote",
                                      aws_secret_access_key="cloudlet-zygote")
                built += 1
        del session
    finally:
        os.environ.update(saved)
    source = _template["emitter"]
    _spare_tries[:] = [(copy.copy(source._handlers), copy.copy(source._unique_id_handlers))
                       for _ in range(SPARE_SESSIONS)]
    _spare_contexts[:] = [_ORIGINAL_CONTEXT() for _ in range(SPARE_SSL_CONTEXTS)]
    botocore.session.Session._register_builtin_handlers = _register_builtin_handlers
    botocore.httpsession.create_urllib3_context = _create_urllib3_context
    return built


def _create_urllib3_context(ssl_version: Any = None, cert_reqs: Any = None, options: Any = None,
                            ciphers: Any = None) -> Any:
    """``botocore.httpsession.create_urllib3_context``; a call with no argument (every
    ``URLLib3Session`` makes one) takes a context the zygote made the same way, unused,
    while there is one left (a new ``SSLContext`` costs ~1 ms in a fresh fork)."""
    if _spare_contexts and ssl_version is cert_reqs is options is ciphers is None:
        return _spare_contexts.pop()
    return _ORIGINAL_CONTEXT(ssl_version, cert_reqs, options, ciphers)


def _keep_template(session: Any) -> None:
    import botocore.handlers
    import botocore.hooks

    events = session._events
    _template.update(
        emitter=copy.copy(events._emitter),
        alias_names=dict(events._alias_name_cache),
        builtins=list(botocore.handlers.BUILTIN_HANDLERS),
        aliases=dict(botocore.hooks.EVENT_ALIASES),
    )


def _register_builtin_handlers(self: Any, events: Any) -> None:
    """``Session._register_builtin_handlers``, copying the zygote's registration when
    botocore's own would produce the same one."""
    if not _same_as_template(self, events):
        _ORIGINAL(self, events)
        return
    emitter = events._emitter
    if _spare_tries:  # copied in the zygote: the environment's first sessions copy nothing
        emitter._handlers, emitter._unique_id_handlers = _spare_tries.pop()
    else:
        source = _template["emitter"]
        emitter._handlers = copy.copy(source._handlers)
        emitter._unique_id_handlers = copy.copy(source._unique_id_handlers)
    emitter._lookup_cache = {}
    events._alias_name_cache.update(_template["alias_names"])


def _same_as_template(session: Any, events: Any) -> bool:
    import botocore.handlers
    import botocore.hooks
    import botocore.session

    if not _template or events is not session._events:
        return False
    if type(events) is not botocore.hooks.EventAliaser:
        return False
    emitter = events._emitter
    if type(emitter) is not botocore.hooks.HierarchicalEmitter or emitter._unique_id_handlers:
        return False
    if emitter._handlers._root != {"chunk": None, "children": {}, "values": None}:
        return False  # something registered before the builtins
    if events._event_aliases is not botocore.hooks.EVENT_ALIASES:
        return False
    cls = type(session)
    if cls.register is not botocore.session.Session.register:
        return False
    same_builtins: bool = _template["builtins"] == botocore.handlers.BUILTIN_HANDLERS
    return same_builtins and _template["aliases"] == botocore.hooks.EVENT_ALIASES
