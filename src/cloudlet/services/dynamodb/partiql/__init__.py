"""PartiQL for DynamoDB: tokenizer, parser, planner and the reads/writes it runs.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html
The handlers are in ``operations/partiql.py``.

LIMITATIONS:
- Only SELECT, INSERT, UPDATE and DELETE; no EXISTS, no functions besides begins_with,
  contains, attribute_type, size, list_append, set_add and set_delete; no arithmetic
  in WHERE.
- A SELECT on a local secondary index returns only the attributes the index holds.
- Syntax error details after "Statement wasn't well formed, can't be processed: " are
  our own words, not DynamoDB's.
"""

from __future__ import annotations

from cloudlet.services.dynamodb.partiql.parser import parse
from cloudlet.services.dynamodb.partiql.statements import (
    Delete,
    Insert,
    Select,
    Statement,
    UpdateStatement,
    Write,
)

__all__ = ["Delete", "Insert", "Select", "Statement", "UpdateStatement", "Write", "parse"]
