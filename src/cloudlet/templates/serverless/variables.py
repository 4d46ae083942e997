"""Serverless Framework v3 variables: ``${source:address, fallback}`` resolved in place.

https://www.serverless.com/framework/docs/guides/variables
- Sources: ``self`` (this file, by dotted path), ``opt`` (CLI options; ``stage`` and
  ``region`` from the chosen stage and region), ``sls`` (``stage``, ``instanceId``),
  ``env``, ``file(path)`` with an optional ``:address`` into it, ``cf`` (another stack's
  output), ``ssm`` (Parameter Store), ``aws`` (``region``, ``accountId``), ``strToBool``.
- Fallbacks: ``${env:X, 'default'}``, ``${opt:stage, self:provider.stage}``, numbers,
  booleans and nested variables; a source with no value falls through to the next one.
- A string that is exactly one variable takes the resolved value's type (a map, a number);
  variables inside a longer string are interpolated and must resolve to scalars.
- Nested: ``${self:custom.${sls:stage}.memory}`` resolves the inner variable first.
- ``${...}`` without a ``source:`` or ``source(`` prefix (``${AWS::Region}``,
  ``${Table.Arn}`` inside ``Fn::Sub``) is CloudFormation's, left as written.
- Errors are collected and reported together, as the framework words them:
  ``Cannot resolve serverless.yml: Variables resolution errored with:`` then one
  ``- Cannot resolve variable at "custom.x": Value not found at "env" source`` per variable.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from cloudlet.templates.serverless.errors import ServerlessError
from cloudlet.templates.serverless.yamlfile import read_config

SOURCE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]*)(\(|:(?!:))")
MISSING = object()


class VariableError(Exception):
    """One variable that cannot be resolved (reported with its property path)."""


class Resolver:
    """Resolves every variable of one configuration, each property at most once."""

    def __init__(self, config: dict[str, Any], *, filename: str, directory: Path,
                 options: Mapping[str, str], env: Mapping[str, str] | None = None,
                 account: str = "000000000000",
                 cf_output: Callable[[str, str], str | None] | None = None,
                 ssm: Callable[[str, bool], str | None] | None = None) -> None:
        self.config = config
        self.filename = filename
        self.directory = directory
        self.options = dict(options)
        self.env = os.environ if env is None else env
        self.account = account
        self.cf_output = cf_output
        self.ssm = ssm
        self.instance_id = secrets.token_hex(8)
        self._resolving: set[str] = set()
        self._done: set[str] = set()
        self._files: dict[Path, Any] = {}

    # -- the whole file ------------------------------------------------------------------
    def resolve_all(self) -> dict[str, Any]:
        errors: list[str] = []
        self.config = self._walk(self.config, [], errors)
        if errors:
            raise ServerlessError(
                f"Cannot resolve {self.filename}: Variables resolution errored with:"
                + "".join(f"\n  - {e}" for e in errors), "VARIABLES_RESOLUTION_ERROR")
        return self.config

    def _walk(self, value: Any, path: list[str], errors: list[str]) -> Any:
        if isinstance(value, dict):
            return {k: self._walk(v, [*path, str(k)], errors) for k, v in value.items()}
        if isinstance(value, list):
            return [self._walk(v, [*path, str(i)], errors) for i, v in enumerate(value)]
        if isinstance(value, str) and "${" in value:
            try:
                return self.resolve_string(value)
            except VariableError as err:
                errors.append(f'Cannot resolve variable at "{".".join(path)}": {err}')
        return value

    # -- the chosen stage and region -----------------------------------------------------
    @property
    def stage(self) -> str:
        return str(self.options.get("stage") or self._given("provider.stage") or "dev")

    @property
    def region(self) -> str:
        return str(self.options.get("region") or self._given("provider.region") or "us-east-1")

    def _given(self, address: str) -> Any:
        value = self.lookup_self(address)
        return None if value is MISSING else value

    # -- strings -------------------------------------------------------------------------
    def resolve_string(self, text: str) -> Any:
        """A string with variables: the value itself when the string is one variable."""
        spans = list(_variables(text))
        if not spans:
            return text
        if len(spans) == 1 and spans[0][0] == 0 and spans[0][1] == len(text):
            return self._variable(text[2:-1])
        out, last = [], 0
        for start, end in spans:
            value = self._variable(text[start + 2:end - 1])
            if isinstance(value, (dict, list)):
                raise VariableError("String value consist of variable which resolve with "
                                    "non-string value")
            out += [text[last:start], _text(value)]
            last = end
        return "".join([*out, text[last:]])

    def _variable(self, body: str) -> Any:
        """``source:address, fallback, ...``: the first source that has a value."""
        parts = _split_fallbacks(body)
        last_type = ""
        for part in parts:
            value, last_type = self._source(part.strip())
            if value is not MISSING and value is not None:
                return value
        raise VariableError(f'Value not found at "{last_type}" source')

    def _source(self, text: str) -> tuple[Any, str]:
        """One source's value (MISSING if it has none) and its type name."""
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
            return text[1:-1], "string"
        if re.fullmatch(r"-?\d+(\.\d+)?", text):
            return (float(text) if "." in text else int(text)), "number"
        if text in ("true", "false"):
            return text == "true", "boolean"
        if text.startswith("${") and text.endswith("}"):
            return self.resolve_string(text), "variable"
        text = str(self.resolve_string(text)) if "${" in text else text
        match = SOURCE.match(text)
        if not match:
            raise VariableError(f'Unrecognized configuration variable source: "{text}"')
        kind = match.group(1)
        params: list[str] = []
        rest = text[match.end(1):]
        if rest.startswith("("):
            close = rest.index(")")
            params = [p.strip() for p in rest[1:close].split(",") if p.strip()]
            rest = rest[close + 1:]
        address = rest[1:].strip() if rest.startswith(":") else ""
        handler = getattr(self, f"_source_{kind}", None)
        if handler is None:
            raise VariableError(f'Unrecognized configuration variable source: "{kind}"')
        return handler(address, params), kind

    # -- the sources ---------------------------------------------------------------------
    def _source_self(self, address: str, params: list[str]) -> Any:
        return self.lookup_self(address)

    def _source_opt(self, address: str, params: list[str]) -> Any:
        if not address:
            return dict(self.options)
        return self.options.get(address, MISSING)

    def _source_sls(self, address: str, params: list[str]) -> Any:
        if address == "stage":
            return self.stage
        if address == "instanceId":
            return self.instance_id
        raise VariableError(f'Unsupported "{address}" address for "sls" source')

    def _source_env(self, address: str, params: list[str]) -> Any:
        return self.env.get(address, MISSING)

    def _source_aws(self, address: str, params: list[str]) -> Any:
        if address == "region":
            return self.region
        if address == "accountId":
            return self.account
        raise VariableError(f'Unsupported "{address}" address for "aws" source')

    def _source_strToBool(self, address: str, params: list[str]) -> Any:  # noqa: N802
        value = (params[0] if params else address).strip().lower()
        if value in ("true", "1"):
            return True
        if value in ("false", "0"):
            return False
        raise VariableError(f'Invalid "strToBool" input: "{value}"')

    def _source_file(self, address: str, params: list[str]) -> Any:
        if not params:
            raise VariableError('Missing path argument in variable "file" source')
        target = (self.directory / params[0]).resolve()
        if target not in self._files:
            if not target.exists():
                return MISSING
            loaded = read_config(target)
            nested = Resolver(loaded if isinstance(loaded, dict) else {"": loaded},
                              filename=target.name, directory=target.parent,
                              options=self.options, env=self.env, account=self.account,
                              cf_output=self.cf_output, ssm=self.ssm)
            self._files[target] = (nested.resolve_all() if isinstance(loaded, dict)
                                   else nested.resolve_all()[""])
        value = self._files[target]
        if address:
            value = _dig(value, address)
            if value is MISSING:
                raise VariableError(f'Cannot resolve "{address}" out of "{target.name}": '
                                    f"Value not found")
        return value

    def _source_cf(self, address: str, params: list[str]) -> Any:
        stack, _, output = address.partition(".")
        if not stack or not output:
            raise VariableError('Missing output name in variable "cf" source '
                                '(expected "${cf:stack.output}")')
        if self.cf_output is None:
            raise VariableError(f'Cannot resolve "{address}": no running cloudlet to read '
                                f"stack outputs from")
        value = self.cf_output(stack, output)
        if value is None:
            raise VariableError(f'Stack "{stack}" does not have output "{output}"')
        return value

    def _source_ssm(self, address: str, params: list[str]) -> Any:
        if self.ssm is None:
            raise VariableError(f'Cannot resolve "{address}": no running cloudlet to read '
                                f"SSM parameters from")
        value = self.ssm(address, "noDecrypt" not in params)
        return MISSING if value is None else value

    def _source_s3(self, address: str, params: list[str]) -> Any:
        raise VariableError('not supported: the "s3" variable source')

    # -- self references -----------------------------------------------------------------
    def lookup_self(self, address: str) -> Any:
        """The value at a dotted path of this file, its own variables resolved first."""
        if not address:
            return self.config
        keys = address.split(".")
        value: Any = self.config
        for depth, key in enumerate(keys):
            value = _dig(value, key)
            if value is MISSING:
                return MISSING
            if isinstance(value, str) and "${" in value:
                dotted = ".".join(keys[:depth + 1])
                if dotted in self._resolving:
                    raise VariableError(f'Circular reference at "{dotted}"')
                self._resolving.add(dotted)
                try:
                    value = self.resolve_string(value)
                finally:
                    self._resolving.discard(dotted)
                _assign(self.config, keys[:depth + 1], value)
            elif isinstance(value, (dict, list)) and depth == len(keys) - 1:
                value = self._resolve_tree(value, keys)
        return value

    def _resolve_tree(self, value: Any, keys: list[str]) -> Any:
        if isinstance(value, dict):
            return {k: self._resolve_tree(v, [*keys, str(k)]) for k, v in value.items()}
        if isinstance(value, list):
            return [self._resolve_tree(v, [*keys, str(i)]) for i, v in enumerate(value)]
        if isinstance(value, str) and "${" in value:
            return self.resolve_string(value)
        return value


def _variables(text: str) -> list[tuple[int, int]]:
    """Outermost ``${...}`` spans that are Serverless variables (not CloudFormation's)."""
    spans, i = [], 0
    while (start := text.find("${", i)) >= 0:
        depth, j = 0, start
        while j < len(text):
            if text.startswith("${", j):
                depth += 1
                j += 2
                continue
            if text[j] == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j >= len(text):
            break
        body = text[start + 2:j]
        first = _split_fallbacks(body)[0].strip()
        if SOURCE.match(first) or first.startswith("${") or len(_split_fallbacks(body)) > 1:
            spans.append((start, j + 1))
        i = j + 1
    return spans


def _split_fallbacks(body: str) -> list[str]:
    """Split ``a, b, 'c, d'`` at top-level commas (not inside quotes or nested ``${}``)."""
    parts: list[str] = []
    current: list[str] = []
    depth, quote = 0, ""
    for i, ch in enumerate(body):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif body.startswith("${", i):
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts


def _dig(value: Any, key: str) -> Any:
    for part in key.split(".") if "." in key else [key]:
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return MISSING
    return value


def _assign(config: Any, keys: list[str], value: Any) -> None:
    target = config
    for key in keys[:-1]:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if isinstance(target, list):
        target[int(keys[-1])] = value
    else:
        target[keys[-1]] = value


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
