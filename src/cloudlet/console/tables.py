"""Tables: the list, and a table's page with the item browser (Scan or Query, an index, a
filter, paging by ``LastEvaluatedKey`` in the URL), item create/edit/delete, the indexes,
TTL and the stream's records.

- ``/tables?start=NAME``: ListTables (a page of ``PAGE``) and DescribeTable for each shown;
- ``/tables/{name}?tab=items|indexes|ttl|stream`` plus the browse query (``tables_query``);
- ``/tables/{name}/item?key=K&json=plain|ddb``: an item's JSON to edit (GetItem), or a new
  item without ``key``; POST writes it with PutItem (a new one on condition that no item
  has its key; an edited one whose key changed also deletes the old key's item);
- ``/tables/{name}/delete`` (POST ``key``): DeleteItem.

The API's errors are shown as it gives them; JSON the console cannot read is shown as
``InvalidJson`` with the parser's message, and nothing is written.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from cloudlet.console.site import nav, page
from cloudlet.console.tables_items import (
    BadJson,
    decode_key,
    encode_key,
    item_to_wire,
    plain_safe,
    read_item,
    show,
)
from cloudlet.console.tables_query import OPERATORS, Browse, index_names, key_of, request
from cloudlet.console.tables_stream import newest_records
from cloudlet.console.view import Failed, View
from cloudlet.server.http import Response

PAGE = 25
TABS = ("items", "indexes", "ttl", "stream")

nav("Tables", "/tables", 20)


@dataclass(frozen=True, slots=True)
class Problem:
    """An error of the console's own (the page shows it as it shows an API's)."""

    message: str
    error_code: str = "InvalidJson"


def _key_names(table: dict[str, Any]) -> list[str]:
    return [k["AttributeName"] for k in table.get("KeySchema") or []]


@page("/tables")
async def tables(view: View) -> Response:
    params: dict[str, Any] = {"Limit": PAGE}
    if view.query.get("start"):
        params["ExclusiveStartTableName"] = view.query["start"]
    listed, error = await view.attempt("dynamodb", "ListTables", params)
    names = (listed or {}).get("TableNames") or []
    described = await asyncio.gather(*(view.attempt("dynamodb", "DescribeTable",
                                                    {"TableName": n}) for n in names))
    rows = [(name, (out or {}).get("Table"), err) for name, (out, err) in zip(names, described, strict=True)]
    return view.render("tables/list.html", title="Tables", crumbs=[("Tables", "/tables")],
                       error=error, rows=rows, next=(listed or {}).get("LastEvaluatedTableName"))


async def _table(view: View, name: str) -> tuple[dict[str, Any] | None, Response | None]:
    out, error = await view.attempt("dynamodb", "DescribeTable", {"TableName": name})
    if out is None:
        status = 404 if error is not None and error.error_code == "ResourceNotFoundException" else 400
        return None, view.render("tables/missing.html", status, title=name, error=error,
                                 crumbs=[("Tables", "/tables")])
    table: dict[str, Any] = out["Table"]
    return table, None


async def _items_tab(view: View, table: dict[str, Any], browse: Browse) -> dict[str, Any]:
    try:
        operation, params = request(table, browse)
    except BadJson as bad:
        return {"error": Problem(str(bad)), "items": [], "next": None, "counts": None}
    out, error = await view.attempt("dynamodb", operation, params)
    items = (out or {}).get("Items") or []
    last = (out or {}).get("LastEvaluatedKey")
    names = set(_key_names(table))
    shown = [{"key": encode_key({k: v for k, v in item.items() if k in names}),
              "values": item_to_wire(item), "json": show(item, browse.json)} for item in items]
    counts = None if out is None else (out.get("Count"), out.get("ScannedCount"))
    return {"error": error, "items": shown, "next": encode_key(last) if last else None,
            "counts": counts, "operation": operation}


async def _stream_tab(view: View, table: dict[str, Any]) -> dict[str, Any]:
    arn = table.get("LatestStreamArn")
    if not arn or not (table.get("StreamSpecification") or {}).get("StreamEnabled"):
        return {"stream": None, "records": [], "error": None}
    try:
        described, records = await newest_records(view, arn)
    except Failed as failed:
        return {"stream": None, "records": [], "error": failed.error}
    for record in records:
        record["shown"] = {part: show(record["dynamodb"][part], "ddb")
                           for part in ("Keys", "NewImage", "OldImage")
                           if part in record["dynamodb"]}
    return {"stream": described, "records": records, "error": None}


@page("/tables/{name}")
async def table_page(view: View) -> Response:
    name = view.params["name"]
    table, missing = await _table(view, name)
    if table is None:
        assert missing is not None
        return missing
    tab = view.query.get("tab", "items")
    tab = tab if tab in TABS else "items"
    browse = Browse.of(view.query)
    context: dict[str, Any] = {"error": None}
    if tab == "items":
        context = await _items_tab(view, table, browse)
    elif tab == "ttl":
        out, error = await view.attempt("dynamodb", "DescribeTimeToLive", {"TableName": name})
        context = {"ttl": (out or {}).get("TimeToLiveDescription"), "error": error}
    elif tab == "stream":
        context = await _stream_tab(view, table)
    partition, sort = key_of(table, browse.index)
    notice = {"deleted": "The item was deleted.", "saved": "The item was saved."}.get(
        view.query.get("done", ""))
    return view.render("tables/table.html", title=name, notice=notice,
                       crumbs=[("Tables", "/tables"), (name, f"/tables/{name}")], table=table,
                       tab=tab, tabs=TABS, browse=browse, operators=OPERATORS,
                       indexes=index_names(table), partition=partition, sort=sort,
                       key_names=_key_names(table), **context)


def _blank(table: dict[str, Any], form: str) -> str:
    kinds = {a["AttributeName"]: a["AttributeType"] for a in table["AttributeDefinitions"]}
    sample = {"S": "", "N": "0", "B": ""}
    item = {k: {kinds.get(k, "S"): sample[kinds.get(k, "S")]} for k in _key_names(table)}
    return show(item, form)


@page("/tables/{name}/item", methods=("GET", "POST"))
async def item_page(view: View) -> Response:
    """Create (no ``key``) or edit an item, in the form the URL's ``json`` names."""
    name = view.params["name"]
    table, missing = await _table(view, name)
    if table is None:
        assert missing is not None
        return missing
    form = "ddb" if view.query.get("json") == "ddb" else "plain"
    token = view.query.get("key", "")
    error: Any = None
    note = None
    text = ""
    if view.request.method == "POST":
        posted = view.form()
        text = posted.get("item", "")
        error = await _save(view, table, text, form, token)
        if error is None:
            return view.redirect(f"/tables/{name}", done="saved", json=form)
    elif token:
        try:
            out, error = await view.attempt("dynamodb", "GetItem",
                                            {"TableName": name, "Key": decode_key(token)})
        except BadJson as bad:
            out, error = None, Problem(str(bad))
        found = (out or {}).get("Item")
        if found is not None:
            if form == "plain" and not plain_safe(found):
                form = "ddb"
                note = "This item holds sets or binaries, which only DynamoDB JSON keeps: shown as DynamoDB JSON."
            text = show(found, form)
        elif error is None:
            error = Problem("The item does not exist (it may have been deleted).", "NotFound")
    else:
        text = _blank(table, form)
    return view.render("tables/item.html", 400 if error else 200,
                       title=f"{'Edit' if token else 'Create'} item", error=error, notice=note,
                       crumbs=[("Tables", "/tables"), (name, f"/tables/{name}")],
                       table=table, text=text, form=form, key=token)


async def _save(view: View, table: dict[str, Any], text: str, form: str, token: str) -> Any:
    """Write the posted item; the error to show, or ``None`` once written."""
    name = table["TableName"]
    try:
        item = read_item(text, form)
        old = decode_key(token) if token else None
    except BadJson as bad:
        return Problem(str(bad))
    params: dict[str, Any] = {"TableName": name, "Item": item}
    if old is None:
        params["ConditionExpression"] = " AND ".join(
            f"attribute_not_exists(#k{i})" for i in range(len(_key_names(table))))
        params["ExpressionAttributeNames"] = {f"#k{i}": k for i, k in enumerate(_key_names(table))}
    _, error = await view.attempt("dynamodb", "PutItem", params)
    if error is not None:
        return error
    new_key = {k: item.get(k) for k in _key_names(table)}
    if old is not None and item_to_wire(new_key) != old:  # the key changed: a new item
        _, error = await view.attempt("dynamodb", "DeleteItem", {"TableName": name, "Key": old})
    return error


@page("/tables/{name}/delete", methods=("POST",))
async def delete_item(view: View) -> Response:
    name = view.params["name"]
    posted = view.form()
    try:
        key = decode_key(posted.get("key", ""))
    except BadJson as bad:
        return view.render("tables/missing.html", 400, title=name, error=Problem(str(bad)),
                           crumbs=[("Tables", "/tables")])
    _, error = await view.attempt("dynamodb", "DeleteItem", {"TableName": name, "Key": key})
    if error is not None:
        return view.render("tables/missing.html", 400, title=name, error=error,
                           crumbs=[("Tables", "/tables"), (name, f"/tables/{name}")])
    back = {k: v for k, v in posted.items() if k not in ("key",) and v}
    return view.redirect(f"/tables/{name}", done="deleted", **back)
