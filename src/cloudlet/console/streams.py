"""Kinesis streams: the list, and a stream's page: its shards, a put-record form and the
newest records of a shard (``?shard=ID&from=TRIM_HORIZON|LATEST&as=text|base64``; a "read
on" link carries the next shard iterator, so records put since show on the next read).

LIMITATIONS: reading from TRIM_HORIZON follows the shard for at most ``MAX_READS``
GetRecords calls and shows the newest ``SHOWN`` records it saw.
"""

from __future__ import annotations

import base64
from collections import deque
from typing import Any

from cloudlet.console.form_input import refuse
from cloudlet.console.site import nav, page
from cloudlet.console.view import Failed, View
from cloudlet.server.errors import ServiceError
from cloudlet.server.http import Response

nav("Streams", "/streams", 65)
SHOWN = 50
MAX_READS = 20
POSITIONS = ("TRIM_HORIZON", "LATEST")


@page("/streams")
async def streams(view: View) -> Response:
    params: dict[str, Any] = {"Limit": 100}
    if view.query.get("token"):
        params["NextToken"] = view.query["token"]
    out, error = await view.attempt("kinesis", "ListStreams", params)
    summaries = (out or {}).get("StreamSummaries") or [
        {"StreamName": n} for n in (out or {}).get("StreamNames") or []]
    return view.render("streams/list.html", title="Streams", crumbs=[("Streams", "/streams")],
                       error=error, streams=summaries,
                       next_token=(out or {}).get("NextToken") if (out or {}).get("HasMoreStreams")
                       else None)


def shown_data(data: bytes, as_: str) -> str:
    """A record's data as text (UTF-8, undecodable bytes replaced) or base64."""
    if as_ == "base64":
        return base64.b64encode(data).decode()
    return data.decode("utf-8", "replace")


async def read_shard(view: View, stream: str, shard: str, position: str,
                     iterator: str | None) -> tuple[list[dict[str, Any]], str | None]:
    """The newest records from ``position`` (or from ``iterator``), and the iterator that
    reads on from them."""
    if iterator is None:
        if position not in POSITIONS:
            raise refuse(f"not supported: reading from {position} (only {', '.join(POSITIONS)})")
        got = await view.call("kinesis", "GetShardIterator", {
            "StreamName": stream, "ShardId": shard, "ShardIteratorType": position})
        iterator = got["ShardIterator"]
    newest: deque[dict[str, Any]] = deque(maxlen=SHOWN)
    for _ in range(MAX_READS if position == "TRIM_HORIZON" else 1):
        out = await view.call("kinesis", "GetRecords", {"ShardIterator": iterator, "Limit": 1000})
        newest.extend(out.get("Records") or [])
        iterator = out.get("NextShardIterator")
        if iterator is None or (not out.get("Records") and not out.get("MillisBehindLatest")):
            break
    return list(newest), iterator


async def _put(view: View, stream: str) -> str:
    form = view.form()
    data = form.get("data", "")
    payload = data.encode()
    if form.get("encoding") == "base64":
        try:
            payload = base64.b64decode(data, validate=True)
        except ValueError:
            raise refuse("Data is not valid base64.") from None
    out = await view.call("kinesis", "PutRecord", {
        "StreamName": stream, "PartitionKey": form.get("key", ""), "Data": payload})
    return f"Put record {out['SequenceNumber']} in {out['ShardId']}."


@page("/streams/{name}", methods=("GET", "POST"))
async def stream(view: View) -> Response:
    name = view.params["name"]
    crumbs = [("Streams", "/streams"), (name, f"/streams/{name}")]
    summary, error = await view.attempt("kinesis", "DescribeStreamSummary", {"StreamName": name})
    if summary is None:
        return view.render("streams/stream.html", 404, title=name, crumbs=crumbs, error=error,
                           stream=None)
    status = 200
    if view.request.method == "POST":
        try:
            notice = await _put(view, name)
            keep = {k: view.query.get(k) for k in ("shard", "from", "as")}
            return view.redirect(f"/streams/{name}", notice=notice, **keep)
        except Failed as failed:
            error, status = failed.error, 400
    shards_out = await view.call("kinesis", "ListShards", {"StreamName": name})
    shards = shards_out.get("Shards") or []
    shard = view.query.get("shard")
    position = view.query.get("from", "TRIM_HORIZON")
    as_ = "base64" if view.query.get("as") == "base64" else "text"
    records: list[dict[str, Any]] | None = None
    next_iterator: str | None = None
    read_error: ServiceError | None = None
    if shard:
        try:
            records, next_iterator = await read_shard(view, name, shard, position,
                                                      view.query.get("iterator"))
        except Failed as failed:
            read_error = failed.error
    return view.render(
        "streams/stream.html", status, title=name, crumbs=crumbs, error=error or read_error,
        notice=view.query.get("notice"), stream=summary["StreamDescriptionSummary"],
        shards=shards, shard=shard, position=position, positions=POSITIONS, as_=as_,
        records=[{**r, "shown": shown_data(r["Data"], as_)} for r in records or []],
        read=records is not None, next_iterator=next_iterator)
