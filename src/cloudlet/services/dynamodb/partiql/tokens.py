"""The PartiQL tokenizer: DynamoDB's subset of PartiQL statements.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html
Tokens: bare names (keywords are recognised by the parser, case-insensitively), double
quoted names (``"my-table"``), single quoted strings (``'it''s'``), numbers (``12``,
``1.5``, ``-3e2`` after a unary minus), the parameter ``?`` and the punctuation
``( ) [ ] { } , . : * + - = <> != < <= > >= << >>``. Comments ``--`` and ``/* */``
are skipped; one ``;`` may end the statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cloudlet.services.dynamodb.errors import ValidationException

NAME = "NAME"
QUOTED = "QUOTED"
STRING = "STRING"
NUMBER = "NUMBER"
PARAM = "PARAM"
OP = "OP"
EOF = "EOF"

MALFORMED = "Statement wasn't well formed, can't be processed: "

_TOKEN = re.compile(
    r"""
    (?P<space>\s+|--[^\n]*|/\*.*?\*/)
  | (?P<QUOTED>"(?:[^"]|"")*")
  | (?P<STRING>'(?:[^']|'')*')
  | (?P<NAME>[A-Za-z_][A-Za-z0-9_$]*)
  | (?P<NUMBER>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
  | (?P<PARAM>\?)
  | (?P<OP><<|>>|<>|!=|<=|>=|[=<>()\[\]{},.:*+\-;])
  | (?P<bad>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    text: str
    start: int

    def is_op(self, text: str) -> bool:
        return self.kind == OP and self.text == text

    def is_word(self, *words: str) -> bool:
        """A case-insensitive keyword match (bare names only, never quoted ones)."""
        return self.kind == NAME and self.text.upper() in words

    @property
    def value(self) -> str:
        """The text of a quoted name or string, unescaped."""
        if self.kind == QUOTED:
            return self.text[1:-1].replace('""', '"')
        if self.kind == STRING:
            return self.text[1:-1].replace("''", "'")
        return self.text


def malformed(detail: str) -> ValidationException:
    """DynamoDB's syntax error: ``Statement wasn't well formed, can't be processed: ...``."""
    return ValidationException(MALFORMED + detail)


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens, ending with an EOF token (a final ``;`` is dropped)."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "space":
            continue
        if kind == "bad":
            if match.group() in "\"'":
                raise malformed("Unterminated quoted text")
            if match.group() == "/" and text.startswith("/*", match.start()):
                raise malformed("Unterminated comment")
            raise malformed(f"Unexpected character: {match.group()}")
        assert kind is not None
        tokens.append(Token(kind, match.group(), match.start()))
    if tokens and tokens[-1].is_op(";"):
        tokens.pop()
    if not tokens:
        raise malformed("Unexpected end of statement")
    tokens.append(Token(EOF, "<EOF>", len(text)))
    return tokens
