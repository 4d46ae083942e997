"""Parsed PartiQL statements.

WHERE clauses are trees of the condition nodes of ``expressions/conditions.py`` and
SET/REMOVE clauses an ``expressions.Update``, with literals and parameters already bound
as values: PartiQL runs through the same evaluators as the expression languages.
"""

from __future__ import annotations

from dataclasses import dataclass

from cloudlet.services.dynamodb.expressions import Condition, Path, Update
from cloudlet.services.dynamodb.values import Item


@dataclass(slots=True)
class Select:
    """``SELECT paths|* FROM "table"[."index"] [WHERE ...] [ORDER BY key [ASC|DESC]]``."""

    table: str
    index: str | None
    projection: list[Path] | None  # None: *
    where: Condition | None
    order_by: str | None = None
    descending: bool = False


@dataclass(slots=True)
class Insert:
    """``INSERT INTO "table" VALUE {...}``."""

    table: str
    item: Item


@dataclass(slots=True)
class UpdateStatement:
    """``UPDATE "table" SET ... REMOVE ... WHERE key [AND condition] [RETURNING ...]``."""

    table: str
    update: Update
    where: Condition
    returning: str | None = None  # ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW


@dataclass(slots=True)
class Delete:
    """``DELETE FROM "table" WHERE key [AND condition] [RETURNING ALL OLD *]``."""

    table: str
    where: Condition
    returning: str | None = None


Statement = Select | Insert | UpdateStatement | Delete
Write = Insert | UpdateStatement | Delete
