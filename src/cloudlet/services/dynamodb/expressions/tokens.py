"""The one tokenizer for every DynamoDB expression kind.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.html
Tokens: names (``a``, ``_x1``), name placeholders (``#n``), value placeholders
(``:v``), integers (list indexes), the punctuation ``( ) [ ] , . + -`` and the
comparators ``= <> < <= > >=``. Any other character is a one-character token that
the parser reports as a syntax error, with DynamoDB's ``near:`` window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cloudlet.services.dynamodb.errors import ValidationException

NAME = "NAME"
NAME_REF = "NAME_REF"
VALUE_REF = "VALUE_REF"
NUMBER = "NUMBER"
OP = "OP"
EOF = "EOF"
OTHER = "OTHER"

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<NAME_REF>\#[A-Za-z0-9_]+)
  | (?P<VALUE_REF>:[A-Za-z0-9_]+)
  | (?P<NAME>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<NUMBER>[0-9]+)
  | (?P<OP><>|<=|>=|[=<>()\[\],.+\-])
  | (?P<OTHER>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    text: str
    start: int
    end: int

    def is_op(self, text: str) -> bool:
        return self.kind == OP and self.text == text

    def is_word(self, word: str) -> bool:
        """A case-insensitive keyword match (AND, OR, NOT, BETWEEN, IN, SET, ...)."""
        return self.kind == NAME and self.text.upper() == word


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens, ending with an EOF token."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "space" or kind is None:
            continue
        tokens.append(Token(kind, match.group(), match.start(), match.end()))
    tokens.append(Token(EOF, "<EOF>", len(text), len(text)))
    return tokens


def syntax_error(kind: str, text: str, tokens: list[Token], index: int) -> ValidationException:
    """DynamoDB's syntax error: the bad token and the text from the token before it
    to the token after it, e.g. ``Syntax error; token: "-", near: "a-b"``."""
    token = tokens[index]
    start = tokens[index - 1].start if index > 0 else token.start
    after = tokens[index + 1] if index + 1 < len(tokens) else token
    end = after.end if after.kind != EOF else token.end
    near = text[start:end].rstrip()
    return ValidationException(
        f'Invalid {kind}: Syntax error; token: "{token.text}", near: "{near}"'
    )
