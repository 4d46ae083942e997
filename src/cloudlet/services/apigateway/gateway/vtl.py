"""Velocity (VTL) for API Gateway mapping templates: ``$input``, ``$util``, ``$context``,
``$stageVariables`` over the airspeed engine.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-override-request-response-parameters.html

- ``$input.body`` is the raw payload as text; ``$input.json(path)`` the JSON text at a
  JSONPath (``mapping_jsonpath``), ``$input.path(path)`` the value itself (maps, lists you
  can index, iterate, ``.size()``, ``.keySet()``, ``.get(k)``). An empty body is ``{}``; a
  body that is not JSON is a string at ``$`` (so a form body can be ``.split('&')``).
- ``$input.params()`` is the map ``{path, querystring, header}`` of maps;
  ``$input.params(name)`` looks in path, then query string, then headers.
- ``$util.escapeJavaScript`` follows Apache commons-lang 2 ``escapeJavaScript`` (``'`` to
  ``\\'``, ``"`` to ``\\"``, ``/`` to ``\\/``, control and non-ASCII characters to ``\\uXXXX``),
  ``urlEncode``/``urlDecode`` Java's ``URLEncoder``/``URLDecoder`` in UTF-8 (space is ``+``),
  ``base64Encode``/``base64Decode`` standard base64 of UTF-8 text, ``parseJson`` a value.
- A null reference (an unset variable, a missing member, ``$context.identity.apiKey`` with no
  key) renders as the empty string, as API Gateway renders it (not Velocity's default of the
  reference's own text); ``true``/``false``, maps as ``{a=1, b=x}`` and lists as ``[1, 2]``
  render as Java renders them.
- ``#set($context.requestOverride.header.X = ...)`` and
  ``#set($context.responseOverride.status = 400)`` write into the ``$context`` map, where the
  caller reads them after rendering.

Engine choice: ``airspeed`` (0.7.x, the project's dependency) over ``airspeed-ext`` (0.6.9):
airspeed 0.7 is the newer release of the same code line, has ``$foreach.hasNext``,
``#define``, dict/list helper methods (``keySet``, ``put``, ``size``...), and ships typed
packaging we already install; airspeed-ext adds nothing the templates here need. Two of
AWS's rendering rules (nulls as "", Java rendering of booleans and maps) are not airspeed's:
``FormalReference.evaluate_raw`` is wrapped so that, only in a namespace this module built
(it carries a marker no template can name), it renders the AWS way; every other airspeed user
keeps airspeed's.

LIMITATIONS: Velocity's ``+`` between a string and a number, ``$util.parseJson`` of
non-JSON, Java number formatting of large doubles (``1.0E20``) and ``$input.json`` of a
missing member (rendered ``""``; unsure of AWS's exact output) are approximations.
"""

from __future__ import annotations

import base64
import binascii
import re
import threading
from collections import OrderedDict
from functools import cache
from io import StringIO
from typing import TYPE_CHECKING, Any
from urllib.parse import quote_plus, unquote_plus

import orjson

from cloudlet.lazy_import import lazy_module
from cloudlet.services.apigateway.gateway.mapping_jsonpath import JsonPathError, evaluate

if TYPE_CHECKING:
    import airspeed
else:
    airspeed = lazy_module("airspeed")


class VtlError(Exception):
    """A template that does not parse or fails while rendering; the reason in the text."""


# A top-level variable no template can name (it is not a VTL identifier): present only in
# the namespaces this module renders with, it selects AWS's rendering rules.
_MARKER = "cloudlet:aws-vtl"


class _Output(StringIO):

    stop = False

    def write(self, s: str) -> int:
        return 0 if self.stop else super().write(s)


def java_str(value: Any) -> str:
    """``value`` as Velocity on the JVM prints it (``true``, ``{a=1}``, ``[1, 2]``)."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "{" + ", ".join(f"{java_str(k)}={_inner(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_inner(v) for v in value) + "]"
    return str(value)


def _inner(value: Any) -> str:
    return "null" if value is None else java_str(value)


def _aws_rules(namespace: Any) -> bool:
    try:
        return namespace[_MARKER] is True
    except (KeyError, TypeError):
        return False


def _evaluate_raw(self: Any, stream: Any, namespace: Any, loader: Any) -> None:
    if not _aws_rules(namespace):
        _originals["evaluate_raw"](self, stream, namespace, loader)
        return
    value = None
    if self.expression is not None:
        value = self.expression.calculate(namespace, loader)
    if value is None and self.alternate is not None:
        value = self.alternate.calculate(namespace, loader)
    if value is None and self.expression is None:
        stream.write(self.my_text())  # a lone "$" is text
        return
    stream.write(java_str(value))


# Velocity 1.7 (API Gateway's) keeps the backslashes of a string literal as written: the
# documented ``$util.escapeJavaScript(x).replaceAll("<2 backslashes>'", "'")`` hands Java the
# regex of a backslash and a quote, undoing escapeJavaScript's escaped quote. airspeed
# unescapes a doubled backslash (and ``\n``...); in a namespace of ours the literal as written
# (only an escaped quote of its own kind unescaped) is used.
def _string_parse(self: Any) -> None:
    (value,) = self.identity_match(self.STRING)
    self.aws_value = value.replace("\\'", "'")
    self.value = self.ESCAPED_CHAR.sub(_unescape, value)


def _unescape(found: re.Match[str]) -> str:
    char = found[1]
    return {"n": "\n", "r": "\r", "b": "\b", "t": "\t"}.get(char, char)


def _string_calculate(self: Any, namespace: Any, loader: Any) -> Any:
    return self.aws_value if _aws_rules(namespace) else self.value


def _interpolated_parse(self: Any) -> None:
    (value,) = self.identity_match(self.STRING)
    self.value = self.ESCAPED_CHAR.sub(_unescape, value)
    self.block = airspeed.Block(self.filename, self.value, 0)
    aws_value = value.replace('\\"', '"')
    self.aws_block = (self.block if aws_value == self.value
                      else airspeed.Block(self.filename, aws_value, 0))


def _interpolated_calculate(self: Any, namespace: Any, loader: Any) -> Any:
    output = airspeed.StoppableStream()
    block = self.aws_block if _aws_rules(namespace) else self.block
    block.evaluate(output, namespace, loader)
    return output.getvalue()


_originals: dict[str, Any] = {}


@cache
def _patch_airspeed() -> None:
    """Give airspeed the rules above (see the module docstring); done when the first
    template compiles, as airspeed is imported then (``lazy_import``)."""
    # setdefault: a second thread racing the first keeps the unpatched method.
    _originals.setdefault("evaluate_raw", airspeed.FormalReference.evaluate_raw)
    airspeed.FormalReference.evaluate_raw = _evaluate_raw
    airspeed.StringLiteral.parse = _string_parse
    airspeed.StringLiteral.calculate = _string_calculate
    airspeed.InterpolatedStringLiteral.parse = _interpolated_parse
    airspeed.InterpolatedStringLiteral.calculate = _interpolated_calculate

_CACHE_SIZE = 256
_cache: OrderedDict[str, Any] = OrderedDict()
_cache_lock = threading.Lock()


def _compiled(template: str) -> Any:
    with _cache_lock:
        found = _cache.get(template)
        if found is not None:
            _cache.move_to_end(template)
            return found
    _patch_airspeed()
    compiled = airspeed.Template(template)
    try:
        compiled.ensure_compiled()
    except airspeed.TemplateSyntaxError as error:
        raise VtlError(f"template syntax error: {error}") from None
    with _cache_lock:
        _cache[template] = compiled
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return compiled


# Velocity names may hold "-" (``#set($context.responseOverride.header.Content-Type = ..)``);
# airspeed's may not: such a ``#set`` target is rewritten with _HYPHEN for "-", and the keys
# written are renamed back after rendering.
_HYPHEN = "_cloudlet_hyphen_"
_SET_TARGET = re.compile(r"(#set\s*\(\s*\$)([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)")


def _hyphens(template: str) -> str:
    if "-" not in template or "#set" not in template.lower():
        return template
    return _SET_TARGET.sub(lambda m: m[1] + m[2].replace("-", _HYPHEN), template)


def _restore(value: Any, depth: int = 0) -> None:
    if not isinstance(value, dict) or depth > 4:
        return
    for key in [k for k in value if isinstance(k, str) and _HYPHEN in k]:
        value[key.replace(_HYPHEN, "-")] = value.pop(key)
    for member in value.values():
        _restore(member, depth + 1)


def render(template: str, variables: dict[str, Any]) -> str:
    """Render ``template`` with ``variables`` (``input``, ``util``, ``context``,
    ``stageVariables``); VtlError when it does not parse or fails."""
    rewritten = _hyphens(template)
    compiled = _compiled(rewritten)
    out = _Output()
    try:
        compiled.merge_to({**variables, _MARKER: True}, out)
    except (airspeed.TemplateError, JsonPathError, VtlError) as error:
        cause = error.__cause__ or error
        raise VtlError(f"template error: {cause.__class__.__name__}: {cause}") from None
    finally:
        if rewritten is not template:
            for value in variables.values():
                _restore(value)
    return out.getvalue()


def parse_body(body: str) -> Any:
    """The JSON value of a body for JSONPath: ``{}`` when empty, the text itself when the
    body is not JSON."""
    if not body.strip():
        return {}
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return body


class Input:
    """``$input``: the request payload (or the integration's response) and the request's
    parameters."""

    def __init__(self, body: str, params: dict[str, dict[str, str]] | None = None):
        self._body = body
        self._params = params if params is not None else {"path": {}, "querystring": {},
                                                          "header": {}}
        self._document: Any = None
        self._parsed = False

    @property
    def body(self) -> str:
        return self._body

    def _doc(self) -> Any:
        if not self._parsed:
            self._document = parse_body(self._body)
            self._parsed = True
        return self._document

    def path(self, path: str) -> Any:
        return evaluate(str(path), self._doc())

    def json(self, path: str) -> str:
        value = evaluate(str(path), self._doc())
        if value is None:
            return ""
        return orjson.dumps(value).decode()

    def params(self, name: str | None = None) -> Any:
        if name is None:
            return self._params
        name = str(name)
        for kind in ("path", "querystring"):
            found = self._params.get(kind, {}).get(name)
            if found is not None:
                return found
        headers = self._params.get("header", {})
        if name in headers:
            return headers[name]
        lowered = name.lower()
        for key, value in headers.items():
            if key.lower() == lowered:
                return value
        return None


def escape_javascript(value: Any) -> str | None:
    """Apache commons-lang 2 ``StringEscapeUtils.escapeJavaScript``."""
    if value is None:
        return None
    out: list[str] = []
    text = java_str(value)
    units = text.encode("utf-16-be")
    for i in range(0, len(units), 2):
        code = (units[i] << 8) | units[i + 1]
        ch = chr(code)
        if code > 0x7F:
            out.append(f"\\u{code:04X}")
        elif code < 32:
            special = {8: "\\b", 10: "\\n", 9: "\\t", 12: "\\f", 13: "\\r"}.get(code)
            out.append(special or f"\\u{code:04X}")
        elif ch in "'\"\\/":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


class Util:
    """``$util``."""

    def escapeJavaScript(self, value: Any) -> str | None:  # noqa: N802 (VTL name)
        return escape_javascript(value)

    def parseJson(self, value: Any) -> Any:  # noqa: N802
        if value is None:
            return None
        try:
            return orjson.loads(java_str(value))
        except orjson.JSONDecodeError as error:
            raise VtlError(f"$util.parseJson: not JSON: {error}") from None

    def urlEncode(self, value: Any) -> str | None:  # noqa: N802
        if value is None:
            return None
        return quote_plus(java_str(value), safe="*").replace("~", "%7E")

    def urlDecode(self, value: Any) -> str | None:  # noqa: N802
        return None if value is None else unquote_plus(java_str(value))

    def base64Encode(self, value: Any) -> str | None:  # noqa: N802
        if value is None:
            return None
        data = value if isinstance(value, bytes) else java_str(value).encode()
        return base64.b64encode(data).decode()

    def base64Decode(self, value: Any) -> str | None:  # noqa: N802
        if value is None:
            return None
        try:
            return base64.b64decode(java_str(value)).decode("utf-8", "replace")
        except (binascii.Error, ValueError) as error:
            raise VtlError(f"$util.base64Decode: {error}") from None


UTIL = Util()
