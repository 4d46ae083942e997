"""What a Map in DISTRIBUTED mode adds: items read from S3, batches, tolerated failures.

https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
- ItemReader ``arn:aws:states:::s3:getObject`` (ReaderConfig InputType JSON - an array -,
  JSONL, CSV with CSVHeaderLocation FIRST_ROW or GIVEN + CSVHeaders, CSVDelimiter COMMA,
  SEMICOLON, PIPE, SPACE or TAB; MaxItems) and ``arn:aws:states:::s3:listObjectsV2``
  (Bucket, Prefix: one item per object, ``{Etag, Key, LastModified, Size, StorageClass}``).
- ItemBatcher: iterations get ``{"Items": [...], "BatchInput": ...}`` of at most
  MaxItemsPerBatch items.
- ToleratedFailureCount / ToleratedFailurePercentage: failed iterations up to the limit
  leave ``{"Error", "Cause"}`` in their place; past it the Map fails with
  ``States.ExceedToleratedFailureThreshold``.
Iterations run inside the parent execution (not as child executions); the Map run that
records them is ``map_runs``. MANIFEST input is not supported.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.server.errors import ServiceError
from cloudlet.server.internal import call
from cloudlet.services.stepfunctions.engine.interpreter import Failure
from cloudlet.services.stepfunctions.integrations.services import drained
from cloudlet.services.stepfunctions.language import dataflow

if TYPE_CHECKING:
    from cloudlet.services.stepfunctions.engine.interpreter import Run

GET_OBJECT = "arn:aws:states:::s3:getObject"
LIST_OBJECTS = "arn:aws:states:::s3:listObjectsV2"
_DELIMITERS = {"COMMA": ",", "SEMICOLON": ";", "PIPE": "|", "SPACE": " ", "TAB": "\t"}


def is_distributed(processor: dict[str, Any]) -> bool:
    return (processor.get("ProcessorConfig") or {}).get("Mode") == "DISTRIBUTED"


def arguments(block: dict[str, Any], raw: Any, scope: Any, lang: str) -> Any:
    """An ItemReader's or ResultWriter's Parameters (JSONata: Arguments), evaluated."""
    field = "Arguments" if lang == "JSONata" else "Parameters"
    return dataflow.state_input({field: block.get(field) or {}}, raw, scope, lang)


async def _s3(run: Run, operation: str, params: dict[str, Any]) -> dict[str, Any]:
    try:
        return await call(run.state, "s3", operation, params, principal=run.role(),
                          account=run.account, region=run.region)
    except ServiceError as err:
        raise Failure(f"S3.{err.error_code}", err.message) from None


def _parse(text: str, config: dict[str, Any]) -> list[Any]:
    kind = str(config.get("InputType") or "JSON")
    if kind == "JSON":
        try:
            items = orjson.loads(text)
        except orjson.JSONDecodeError:
            raise Failure("States.ItemReaderFailed", "The object is not valid JSON") from None
        if not isinstance(items, list):
            raise Failure("States.ItemReaderFailed", "The object's JSON is not an array")
        return items
    if kind == "JSONL":
        try:
            return [orjson.loads(line) for line in text.splitlines() if line.strip()]
        except orjson.JSONDecodeError:
            raise Failure("States.ItemReaderFailed", "A line is not valid JSON") from None
    if kind == "CSV":
        delimiter = _DELIMITERS.get(str(config.get("CSVDelimiter") or "COMMA"), ",")
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        if config.get("CSVHeaderLocation", "FIRST_ROW") == "GIVEN":
            headers = [str(h) for h in config.get("CSVHeaders") or []]
        else:
            headers, rows = (rows[0], rows[1:]) if rows else ([], [])
        return [dict(zip(headers, row, strict=False)) for row in rows]
    raise Failure("States.Runtime", f"not supported: ItemReader InputType {kind}")


async def read_items(run: Run, sd: dict[str, Any], raw: Any, scope: Any,
                     lang: str) -> list[Any]:
    """The Map's items: from its ItemReader, else from its input as an inline Map's."""
    reader = sd.get("ItemReader")
    if not reader:
        return dataflow.items(sd, raw, scope, lang)
    config = reader.get("ReaderConfig") or {}
    params = arguments(reader, raw, scope, lang)
    if not isinstance(params, dict) or "Bucket" not in params:
        raise Failure("States.Runtime", "ItemReader needs a Bucket")
    resource = str(reader.get("Resource"))
    if resource == GET_OBJECT:
        out = await _s3(run, "GetObject", {"Bucket": params["Bucket"], "Key": params["Key"]})
        items = _parse(bytes(await drained(out["Body"])).decode(), config)
    elif resource == LIST_OBJECTS:
        items = await _list(run, params)
    else:
        raise Failure("States.Runtime", f"not supported: ItemReader Resource {resource}")
    limit = config.get("MaxItems")
    return items[:int(limit)] if limit else items


async def _list(run: Run, params: dict[str, Any]) -> list[Any]:
    items: list[Any] = []
    request = {"Bucket": params["Bucket"], **({"Prefix": params["Prefix"]}
                                               if params.get("Prefix") else {})}
    while True:
        out = await _s3(run, "ListObjectsV2", request)
        for obj in out.get("Contents") or []:
            modified = obj.get("LastModified")
            items.append({"Etag": obj.get("ETag"), "Key": obj.get("Key"),
                          "LastModified": modified.isoformat() if hasattr(modified, "isoformat")
                          else modified, "Size": obj.get("Size"),
                          "StorageClass": obj.get("StorageClass", "STANDARD")})
        if not out.get("IsTruncated"):
            return items
        request["ContinuationToken"] = out["NextContinuationToken"]


def batches(sd: dict[str, Any], inputs: list[Any], raw: Any, scope: Any,
            lang: str) -> list[Any]:
    """Iteration inputs grouped by ItemBatcher (unchanged without one)."""
    batcher = sd.get("ItemBatcher")
    if not batcher:
        return inputs
    size = int(batcher.get("MaxItemsPerBatch") or 0) or len(inputs) or 1
    extra: dict[str, Any] = {}
    if "BatchInput" in batcher:
        extra["BatchInput"] = dataflow.state_input(
            {("Arguments" if lang == "JSONata" else "Parameters"): batcher["BatchInput"]},
            raw, scope, lang)
    return [{"Items": inputs[i:i + size], **extra} for i in range(0, len(inputs), size)]


def tolerated(sd: dict[str, Any], total: int) -> float:
    """How many failed iterations the Map tolerates."""
    allowed = float(sd.get("ToleratedFailureCount") or 0)
    percent = sd.get("ToleratedFailurePercentage")
    if percent is not None:
        allowed = max(allowed, total * float(percent) / 100.0)
    return allowed
