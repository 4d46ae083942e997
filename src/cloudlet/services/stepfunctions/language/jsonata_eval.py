"""Compiling and evaluating JSONata expressions, with the functions Step Functions adds.

https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
- JSONata 2.0 (the ``jsonata-python`` package), every built-in function except ``$eval``
  (AWS points to ``$parse`` instead).
- Added functions: ``$partition(array, size)``, ``$range(start, end, step)`` (both ends
  included, at most 1000 items), ``$hash(text, algorithm)`` (MD5, SHA-1, SHA-256,
  SHA-384, SHA-512; lowercase hex), ``$random([seed])`` (0 <= n < 1; a seed gives the same
  number each time), ``$uuid()`` (version 4) and ``$parse(json_text)``.
- A JSON ``null`` result is a value; an undefined result is reported as ``UNDEFINED``.

Compiled expressions are cached. LIMITATIONS: no evaluation time limit (a deep recursion
ends in an error, a long loop is not cut short).
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import random
import uuid
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import jsonata  # type: ignore[import-untyped,unused-ignore]
from jsonata import Utils

UNDEFINED: Any = object()
"""What an expression that selects nothing evaluates to (JSON has no such value)."""

_HASHES = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384",
           "SHA-512": "sha512"}
_MAX_RANGE = 1000


class EvaluationError(Exception):
    """An expression that does not compile, or fails while it is evaluated."""


def _plain(value: Any) -> Any:
    """A function argument as plain JSON data (JSONata ``null`` as None)."""
    return Utils.convert_nulls(value)


def _integer(name: str, what: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise EvaluationError(f"{name}: the {what} must be an integer, not {_show(value)}")
    return int(value)


def _show(value: Any) -> str:
    try:
        return json.dumps(to_json(value))
    except (EvaluationError, TypeError, ValueError):
        return repr(value)


def _partition(array: Any = None, size: Any = None) -> list[list[Any]]:
    if not isinstance(array, list):
        raise EvaluationError("$partition: the first argument must be an array")
    chunk = _integer("$partition", "chunk size", size)
    if chunk <= 0:
        raise EvaluationError("$partition: the chunk size must be a positive integer")
    items = list(array)
    return [items[i:i + chunk] for i in range(0, len(items), chunk)]


def _range(start: Any = None, end: Any = None, step: Any = None) -> list[int]:
    low = _integer("$range", "start", start)
    high = _integer("$range", "end", end)
    stride = _integer("$range", "step", step)
    if stride == 0:
        raise EvaluationError("$range: the step must not be zero")
    count = max(0, (high - low) // stride + 1)
    if count > _MAX_RANGE:
        raise EvaluationError(f"$range: the result would have more than {_MAX_RANGE} items")
    return [low + i * stride for i in range(count)]


def _hash(data: Any = None, algorithm: Any = None) -> str:
    if not isinstance(data, str):
        raise EvaluationError("$hash: the data must be a string")
    name = _HASHES.get(algorithm) if isinstance(algorithm, str) else None
    if name is None:
        raise EvaluationError(f"$hash: the algorithm must be one of {', '.join(_HASHES)},"
                              f" not {_show(algorithm)}")
    return hashlib.new(name, data.encode()).hexdigest()


def _random(*seed: Any) -> float:
    if len(seed) > 1:
        raise EvaluationError("$random takes at most one argument (a seed)")
    if seed and seed[0] is not None:
        return random.Random(_integer("$random", "seed", seed[0])).random()
    return random.random()


def _uuid(*args: Any) -> str:
    if args:
        raise EvaluationError("$uuid takes no arguments")
    return str(uuid.uuid4())


def _parse(text: Any = None) -> Any:
    if not isinstance(text, str):
        raise EvaluationError("$parse: the argument must be a string")
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise EvaluationError(f"$parse: the argument is not valid JSON ({exc})") from None
    return Utils.NULL_VALUE if value is None else value


def _no_eval(*_: Any) -> Any:
    raise EvaluationError("$eval is not supported: use $parse")


_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "partition": _partition, "range": _range, "hash": _hash, "random": _random,
    "uuid": _uuid, "parse": _parse, "eval": _no_eval,
}


def _wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        return fn(*(_plain(a) for a in args))
    return call


@lru_cache(maxsize=2048)
def compile_expression(text: str) -> Any:
    """``text`` parsed once, with the AWS functions bound; EvaluationError if invalid."""
    try:
        expr = jsonata.Jsonata(text)
    except Exception as exc:  # the parser raises JException and, on odd input, others
        raise EvaluationError(_message(exc)) from None
    if expr.get_errors():
        raise EvaluationError(_message(expr.get_errors()[0]))
    expr.set_output_convert_nulls(False)
    for name, fn in _FUNCTIONS.items():
        expr.register_lambda(name, _wrap(fn))
    return expr


def _message(exc: BaseException) -> str:
    code = getattr(exc, "error", None)
    text = str(exc) or type(exc).__name__
    return f"{code}: {text}" if isinstance(code, str) and code else text


def _binding(value: Any) -> Any:
    """A variable's value as the engine sees it: JSON ``null`` is not undefined."""
    return Utils.NULL_VALUE if value is None else value


def evaluate(text: str, bindings: Mapping[str, Any], data: Any = None) -> Any:
    """The JSON value of ``text`` with ``$name`` bound for each of ``bindings`` and ``data``
    as the input document; ``UNDEFINED`` when it selects nothing. Raises EvaluationError."""
    compiled = compile_expression(text)
    # One instance per evaluation: the library keeps per-call state on it ($now, $millis)
    # and reads the running instance from a thread-local.
    expr = copy.copy(compiled)
    jsonata.Jsonata.CURRENT.jsonata = expr
    try:
        result = expr.evaluate(data, {k: _binding(v) for k, v in bindings.items()})
    except EvaluationError:
        raise
    except RecursionError:
        raise EvaluationError("the expression recursed too deeply") from None
    except Exception as exc:  # JException, and Python errors the library lets through
        raise EvaluationError(_message(exc)) from None
    if result is None:
        return UNDEFINED
    return to_json(result)


def to_json(value: Any) -> Any:
    """A result as plain JSON data: JSONata ``null`` as None, sequences as lists, integral
    numbers as ints (as JavaScript prints them). A function is not JSON: EvaluationError."""
    if value is None or value is Utils.NULL_VALUE:
        return None
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise EvaluationError(f"the number {value} is not valid JSON")
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    raise EvaluationError("the expression returned a function, which is not JSON")
