"""Map runs: the record a DISTRIBUTED Map keeps of its iterations (DescribeMapRun,
ListMapRuns, UpdateMapRun), and its ResultWriter.

https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html
https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
- A map run is named ``mapRun:{machine}/{Label or state name}:{id}``; its id is fixed by
  the execution and the Map's MapStateStarted event, so a resumed Map finds its run again.
  History: MapRunStarted (``mapRunArn``), then MapRunSucceeded or MapRunFailed.
- Counts are written when the run starts (all pending) and when it ends.
- ResultWriter (``arn:aws:states:::s3:putObject``, Parameters Bucket and Prefix) writes
  ``{Prefix}/{id}/SUCCEEDED_0.json`` and ``FAILED_0.json`` (one entry per iteration, as
  DescribeExecution shapes a child execution) and ``manifest.json``; the Map's result is
  then ``{MapRunArn, ResultWriterDetails: {Bucket, Key}}``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.server.errors import ServiceError
from cloudlet.server.internal import call
from cloudlet.services.stepfunctions.engine.distributed import arguments
from cloudlet.services.stepfunctions.engine.interpreter import Failure, dumps
from cloudlet.storage import transaction

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState
    from cloudlet.services.stepfunctions.engine.interpreter import Run
    from cloudlet.services.stepfunctions.engine.store import Store

_COUNTS = ("pending", "running", "succeeded", "failed", "timedOut", "aborted", "total",
           "resultsWritten", "failuresNotRedrivable", "pendingRedrive")


@dataclass
class MapRun:
    arn: str
    execution: str
    machine_arn: str
    status: str
    started: float
    stopped: float | None
    config: dict[str, Any]
    counts: dict[str, int]


def _store(state: ServerState) -> Store:
    from cloudlet.services.stepfunctions import engine

    return engine.store_of(state)


def _row(row: tuple[Any, ...]) -> MapRun:
    return MapRun(row[0], row[1], row[2], row[3], row[4], row[5], orjson.loads(row[6]),
                  orjson.loads(row[7]))


def get(state: ServerState, arn: str) -> MapRun | None:
    row = _store(state).conn.execute("SELECT * FROM map_runs WHERE arn = ?", (arn,)).fetchone()
    return _row(row) if row else None


def of_execution(state: ServerState, execution: str) -> list[MapRun]:
    rows = _store(state).conn.execute("SELECT * FROM map_runs WHERE execution = ? ORDER BY"
                                      " started", (execution,)).fetchall()
    return [_row(r) for r in rows]


def _put(state: ServerState, found: MapRun) -> None:
    with transaction(_store(state).conn) as c:
        c.execute("INSERT OR REPLACE INTO map_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  (found.arn, found.execution, found.machine_arn, found.status, found.started,
                   found.stopped, orjson.dumps(found.config), orjson.dumps(found.counts)))


def update(state: ServerState, found: MapRun, config: dict[str, Any]) -> None:
    found.config.update(config)
    _put(state, found)


def begin(run: Run, name: str, sd: dict[str, Any], total: int, started_event: int) -> MapRun:
    """The Map's run (made, or found again when the Map resumes)."""
    label = str(sd.get("Label") or name)
    run_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{run.arn}#{started_event}")
    prefix = run.machine_arn.replace(":stateMachine:", ":mapRun:", 1)
    arn = f"{prefix}/{label}:{run_id}"
    found = get(run.state, arn)
    if found is not None:
        return found
    config = {"maxConcurrency": int(sd.get("MaxConcurrency") or 0),
              "toleratedFailureCount": int(sd.get("ToleratedFailureCount") or 0),
              "toleratedFailurePercentage": float(sd.get("ToleratedFailurePercentage") or 0)}
    counts = dict.fromkeys(_COUNTS, 0)
    counts.update(pending=total, total=total)
    found = MapRun(arn, run.arn, run.machine_arn, "RUNNING", run.state.clock.now(), None,
                   config, counts)
    _put(run.state, found)
    return found


def finish(run: Run, found: MapRun, succeeded: int, failed: int, status: str) -> None:
    found.status, found.stopped = status, run.state.clock.now()
    found.counts.update(pending=0, running=0, succeeded=succeeded, failed=failed)
    _put(run.state, found)


def describe(found: MapRun) -> dict[str, Any]:
    out: dict[str, Any] = {
        "mapRunArn": found.arn, "executionArn": found.execution, "status": found.status,
        "startDate": datetime.fromtimestamp(found.started, UTC), **found.config,
        "itemCounts": dict(found.counts), "executionCounts": dict(found.counts),
        "redriveCount": 0}
    if found.stopped is not None:
        out["stopDate"] = datetime.fromtimestamp(found.stopped, UTC)
    return out


def _entry(found: MapRun, index: int, value: Any, output: Any, failed: bool) -> dict[str, Any]:
    stamp = datetime.fromtimestamp(found.started, UTC).isoformat()
    entry: dict[str, Any] = {
        "ExecutionArn": f"{found.arn.replace(':mapRun:', ':execution:', 1)}:{index}",
        "Input": dumps(value), "InputDetails": {"Included": True}, "Name": str(index),
        "StartDate": stamp, "StateMachineArn": found.arn.rsplit(":", 1)[0]
        .replace(":mapRun:", ":stateMachine:", 1),
        "Status": "FAILED" if failed else "SUCCEEDED", "StopDate": stamp}
    if failed:
        entry.update(Error=output.get("Error"), Cause=output.get("Cause"))
    else:
        entry.update(Output=dumps(output), OutputDetails={"Included": True})
    return entry


async def write_results(run: Run, found: MapRun, sd: dict[str, Any], raw: Any, scope: Any,
                        lang: str, inputs: list[Any], outputs: list[Any],
                        failed: set[int]) -> dict[str, Any]:
    """The ResultWriter's files in S3; the Map's result that names them."""
    writer = sd["ResultWriter"]
    if writer.get("Resource") != "arn:aws:states:::s3:putObject":
        raise Failure("States.Runtime", f"not supported: ResultWriter Resource"
                                        f" {writer.get('Resource')}")
    params = arguments(writer, raw, scope, lang)
    bucket, prefix = str(params.get("Bucket", "")), str(params.get("Prefix", "")).rstrip("/")
    base = f"{prefix}/{found.arn.rsplit(':', 1)[-1]}".lstrip("/")
    files: dict[str, list[dict[str, Any]]] = {"FAILED": [], "PENDING": [], "SUCCEEDED": []}
    for status in ("SUCCEEDED", "FAILED"):
        entries = [_entry(found, i, inputs[i], outputs[i], i in failed)
                   for i in range(len(outputs)) if (i in failed) == (status == "FAILED")]
        if entries:
            key = f"{base}/{status}_0.json"
            body = orjson.dumps(entries)
            await _put_object(run, bucket, key, body)
            files[status].append({"Key": key, "Size": len(body)})
    manifest = f"{base}/manifest.json"
    await _put_object(run, bucket, manifest, orjson.dumps(
        {"DestinationBucket": bucket, "MapRunArn": found.arn, "ResultFiles": files}))
    found.counts["resultsWritten"] = len(outputs)
    _put(run.state, found)
    return {"MapRunArn": found.arn, "ResultWriterDetails": {"Bucket": bucket, "Key": manifest}}


async def _put_object(run: Run, bucket: str, key: str, body: bytes) -> None:
    try:
        await call(run.state, "s3", "PutObject", {"Bucket": bucket, "Key": key, "Body": body},
                   principal=run.role(),
                   account=run.account, region=run.region)
    except ServiceError as err:
        raise Failure("States.ResultWriterFailed", f"S3.{err.error_code}: {err.message}"
                      ) from None
