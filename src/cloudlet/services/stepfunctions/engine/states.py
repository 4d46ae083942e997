"""What each state type does with its input (the data side is ``language.dataflow``).

https://docs.aws.amazon.com/step-functions/latest/dg/workflow-states.html
- Task: effective input (Parameters/Arguments), the task run through
  ``integrations.run_task``; a Callback parks the task on its token until SendTask*;
  TimeoutSeconds / HeartbeatSeconds on the server's clock. History events by the
  resource's family: LambdaFunction*, Activity* or Task*.
- Parallel: branches side by side; the first failing branch fails the state (the others
  are cancelled). Map (inline): items, MaxConcurrency, one child frame per item.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.services.stepfunctions.engine import distributed, history, map_runs
from cloudlet.services.stepfunctions.engine.interpreter import (
    WAITERS,
    Failure,
    Waiter,
    dumps,
    new_token,
)
from cloudlet.services.stepfunctions.language import dataflow

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine

    from cloudlet.clock import Clock
    from cloudlet.services.stepfunctions.engine.interpreter import Run

Out = tuple[Any, dict[str, Any]]


def passthrough(sd: dict[str, Any], raw: Any, scope: Any, lang: str) -> Out:
    """Choice/Wait/Succeed output: InputPath then OutputPath (JSONata: Output)."""
    out, assigned = dataflow.state_output(sd, raw, dataflow.state_input(sd, raw, scope, lang),
                                          scope, lang)
    return out, dict(assigned)


def pass_state(sd: dict[str, Any], raw: Any, scope: Any, lang: str) -> Out:
    effective = dataflow.state_input(sd, raw, scope, lang)
    result = sd["Result"] if "Result" in sd and lang != "JSONata" else effective
    out, assigned = dataflow.state_output(sd, raw, result, scope, lang)
    return out, dict(assigned)


def fail(sd: dict[str, Any], raw: Any, scope: Any, lang: str) -> tuple[str | None, str | None]:
    error, cause = dataflow.fail_fields(sd, raw, scope, lang)
    return (None if error is None else str(error)), (None if cause is None else str(cause))


def wait_until(sd: dict[str, Any], raw: Any, scope: Any, lang: str, now: float) -> float:
    return float(dataflow.wait_until(sd, raw, scope, lang, now))


def choice(sd: dict[str, Any], raw: Any, scope: Any, lang: str
           ) -> tuple[Any, str, dict[str, Any]]:
    rule = dataflow.choose_rule(sd, raw, scope, lang)
    if rule is None:
        if sd.get("Default") is None:
            raise Failure("States.NoChoiceMatched",
                          "No Choice Rules matched and no Default was specified")
        target = str(sd["Default"])
        effective = sd
    else:
        target = str(rule["Next"])
        effective = {**sd, **{k: rule[k] for k in ("Assign", "Output") if k in rule}}
    out, assigned = passthrough(effective, raw, scope, lang)
    return out, target, assigned


async def _deadline(clock: Clock, work: Coroutine[Any, Any, Any], timeout: float | None) -> Any:
    if timeout is None:
        return await work
    job = asyncio.ensure_future(work)
    done = asyncio.Event()
    job.add_done_callback(lambda _: done.set())
    if not await clock.wait(done, timeout):
        job.cancel()
        raise Failure("States.Timeout", "")
    return job.result()


async def task(run: Run, name: str, sd: dict[str, Any], raw: Any, scope: Any, lang: str,
               last: int, *, path: str | None = None, resumed: bool = False
               ) -> tuple[Any, dict[str, Any], int]:
    from cloudlet.services.stepfunctions import integrations as ig  # noqa: I001

    resource = str(sd.get("Resource", ""))
    # A task that was waiting on its token when the server stopped waits on it again.
    parked = (run.store.parked(run.arn, path)
              if resumed and path is not None and run.store is not None else None)
    token = parked[0] if parked else (new_token() if ig.needs_token(resource) else None)
    if token is not None:
        scope.context["Task"] = {"Token": token}
    args = dataflow.state_input(sd, raw, scope, lang)
    timeout = dataflow.seconds_field(sd, "TimeoutSeconds", raw, scope, lang)
    beat = dataflow.seconds_field(sd, "HeartbeatSeconds", raw, scope, lang)
    fam = ig.family(resource)
    rtype, rname = history.resource_parts(resource)
    if parked is None:
        last = _scheduled(run, fam, resource, args, rtype, rname, timeout, beat, last)
    call = ig.TaskCall(resource=resource, arguments=args, token=token,
                       execution_arn=run.arn, state_name=name, account=run.account,
                       region=run.region,
                       principal=run.role(),
                       timeout_s=timeout, heartbeat_s=beat)
    waiter = None
    if token is not None:
        waiter = Waiter(asyncio.get_running_loop().create_future(), asyncio.Event(), run.arn)
        WAITERS[token] = waiter
    started = parked[1] if parked else run.state.clock.now()
    try:
        try:
            if parked is not None:
                if fam == "Activity":  # not taken, or taken before the restart: again
                    await ig.run_task(run.state, call)
                outcome: Any = ig.Callback()
            else:
                outcome = await _deadline(run.state.clock, ig.run_task(run.state, call),
                                          timeout)
            if isinstance(outcome, ig.Callback):
                assert waiter is not None and token is not None
                if parked is None and path is not None and run.store is not None:
                    run.park(path, token, started)
                result = await _park(run.state.clock, waiter, started, timeout, beat)
            else:
                result = outcome.result
        except ig.TaskFailed as exc:
            raise Failure(exc.error, exc.cause) from None
    except Failure as failure:
        timed_out = failure.error in ("States.Timeout", "States.HeartbeatTimeout")
        suffix = "TimedOut" if timed_out else "Failed"
        body: dict[str, Any] = {"error": failure.error, "cause": failure.cause}
        if fam == "Lambda":
            run.emit(f"LambdaFunction{suffix}", last, body)
        elif fam == "Activity":
            run.emit(f"Activity{suffix}", last, body)
        else:
            run.emit(f"Task{suffix}", last, {"resourceType": rtype, "resource": rname, **body})
        if token is not None and path is not None and run.store is not None:
            run.store.unpark(run.arn, path)
        raise
    finally:
        if token is not None:
            WAITERS.pop(token, None)
    done: dict[str, Any] = {"output": dumps(result), "outputDetails": history.NOT_TRUNC}
    if fam == "Lambda":
        last = run.emit("LambdaFunctionSucceeded", last, done)
    elif fam == "Activity":
        last = run.emit("ActivitySucceeded", last, done)
    else:
        last = run.emit("TaskSucceeded", last, {"resourceType": rtype, "resource": rname, **done})
    out, assigned = dataflow.state_output(sd, raw, result, scope, lang)
    return out, assigned, last


def _scheduled(run: Run, fam: str, resource: str, args: Any, rtype: str, rname: str,
               timeout: float | None, beat: float | None, last: int) -> int:
    """The task's Scheduled (and Started) events; the last one's id."""
    limits: dict[str, Any] = {}
    if timeout is not None:
        limits["timeoutInSeconds"] = int(timeout)
    if beat is not None and fam != "Lambda":
        limits["heartbeatInSeconds"] = int(beat)
    if fam == "Lambda":
        last = run.emit("LambdaFunctionScheduled", last, {
            "resource": resource, "input": dumps(args), "inputDetails": history.NOT_TRUNC,
            **limits})
        return run.emit("LambdaFunctionStarted", last)
    if fam == "Activity":
        return run.emit("ActivityScheduled", last, {
            "resource": resource, "input": dumps(args), "inputDetails": history.NOT_TRUNC,
            **limits})
    last = run.emit("TaskScheduled", last, {
        "resourceType": rtype, "resource": rname, "region": run.region,
        "parameters": dumps(args), **limits})
    return run.emit("TaskStarted", last, {"resourceType": rtype, "resource": rname})


async def _park(clock: Clock, waiter: Waiter, started: float, timeout: float | None,
                beat: float | None) -> Any:
    """Wait for SendTaskSuccess/Failure on the waiter's token, or a timeout."""
    deadline = None if timeout is None else started + timeout
    while True:
        until = deadline
        if beat is not None:
            until = clock.now() + beat if until is None else min(until, clock.now() + beat)
        waiter.beat.clear()
        await clock.wait_until(waiter.beat, until)
        if waiter.future.done():
            return waiter.future.result()
        if until is not None and clock.now() >= until:
            if deadline is not None and clock.now() >= deadline:
                raise Failure("States.Timeout", "")
            raise Failure("States.HeartbeatTimeout", "")


async def _all(jobs: list[Coroutine[Any, Any, Any]]) -> list[Any]:
    tasks = [asyncio.ensure_future(j) for j in jobs]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


def _max_concurrency(sd: dict[str, Any], raw: Any, scope: Any, lang: str) -> int:
    """MaxConcurrency (0: no limit); a JSONata expression is evaluated."""
    value = sd.get("MaxConcurrency")
    if isinstance(value, str) and lang == "JSONata":
        return int(dataflow.seconds_field(sd, "MaxConcurrency", raw, scope, lang) or 0)
    return int(value or 0)


def _item_input(sd: dict[str, Any], item: Any, index: int, raw: Any, scope: Any,
                lang: str) -> Any:
    extra = {"Map": {"Item": {"Index": index, "Value": item}}}
    item_scope = dataflow.Scope({**scope.context, **extra}, dict(scope.variables))
    return dataflow.item_input(sd, item, index, raw, item_scope, lang)


def _started(run: Run, kind: str, last: int, resumed: bool,
             details: dict[str, Any] | None = None) -> int:
    """The ``{kind}StateStarted`` event's id (the journaled one when resumed)."""
    if resumed and run.store is not None:
        found = run.store.event_after(run.arn, last, f"{kind}StateStarted")
        if found is not None:
            return found
    return run.emit(f"{kind}StateStarted", last, details)


async def _child(run: Run, path: str | None, graph: dict[str, Any],
                 start: Callable[[], tuple[Any, int]], variables: dict[str, Any],
                 extra: dict[str, Any] | None,
                 events: tuple[str, dict[str, Any]] | None = None) -> tuple[Any, int]:
    """Run one branch or iteration (journaled at ``path`` unless None): from its journaled
    frame or result when it has one, else from ``start()`` (its input and first event)."""
    frame = None
    if path is not None and run.store is not None:
        done = run.store.result(run.arn, path)
        if done is not None:
            return orjson.loads(done[0]), done[1]
        frame = run.store.frame(run.arn, path)
    if frame is None:
        value, began = start()
        at, wake = str(graph["StartAt"]), None
    else:
        value, began, variables = orjson.loads(frame.input), frame.last_event, frame.variables
        at, wake = frame.state, frame.wake
    try:
        out, end = await run.run_frame(graph, at, value, variables, began, path=path,
                                       wake=wake, extra=extra)
    except Failure:
        if events is not None:
            run.emit(f"{events[0]}Failed", began, events[1])
        raise
    if events is not None:
        end = run.emit(f"{events[0]}Succeeded", end, events[1])
    if path is not None:
        run.commit_result(path, out, end)
    return out, end


def _child_path(run: Run, path: str | None, started: int, index: int) -> str | None:
    return f"{path}/{started}.{index}" if run.durable(path) else None


async def parallel(run: Run, name: str, sd: dict[str, Any], raw: Any, scope: Any, lang: str,
                   last: int, *, path: str | None, resumed: bool
                   ) -> tuple[Any, dict[str, Any], int]:
    args = dataflow.state_input(sd, raw, scope, lang)
    started = _started(run, "Parallel", last, resumed)

    def branch(index: int, graph: dict[str, Any]) -> Coroutine[Any, Any, tuple[Any, int]]:
        return _child(run, _child_path(run, path, started, index), graph,
                      lambda: (args, started), dict(scope.variables), None)

    try:
        outs = await _all([branch(i, b) for i, b in enumerate(sd.get("Branches") or [])])
    except Failure as failure:
        run.emit("ParallelStateFailed", started, {"error": failure.error,
                                                  "cause": failure.cause})
        raise
    last = run.emit("ParallelStateSucceeded", max([started, *(o[1] for o in outs)]))
    out, assigned = dataflow.state_output(sd, raw, [o[0] for o in outs], scope, lang)
    return out, assigned, last


async def map_state(run: Run, name: str, sd: dict[str, Any], raw: Any, scope: Any, lang: str,
                    last: int, *, path: str | None, resumed: bool
                    ) -> tuple[Any, dict[str, Any], int]:
    proc = sd.get("ItemProcessor") or sd.get("Iterator") or {}
    wide = distributed.is_distributed(proc)
    inputs: list[Any] | None = None  # (distributed: every iteration's input, batched)
    if wide:
        items = await distributed.read_items(run, sd, raw, scope, lang)
        batched = distributed.batches(
            sd, [_item_input(sd, item, i, raw, scope, lang) for i, item in enumerate(items)],
            raw, scope, lang)
        items, inputs = batched, batched
    else:
        items = dataflow.items(sd, raw, scope, lang)
    started = _started(run, "Map", last, resumed, {"length": len(items)})
    mapped = map_runs.begin(run, name, sd, len(items), started) if wide else None
    if mapped is not None and not resumed:
        run.emit("MapRunStarted", started, {"mapRunArn": mapped.arn})
    limit = _max_concurrency(sd, raw, scope, lang) or max(1, len(items))
    gate = asyncio.Semaphore(limit)
    allowed = distributed.tolerated(sd, len(items)) if wide else 0.0
    failures: list[Failure] = []
    failed: set[int] = set()

    async def one(index: int, item: Any) -> tuple[Any, int]:
        async with gate:
            extra = {"Map": {"Item": {"Index": index, "Value": item}}}

            def start() -> tuple[Any, int]:
                value = (inputs[index] if inputs is not None
                         else _item_input(sd, item, index, raw, scope, lang))
                return value, run.emit("MapIterationStarted", started,
                                       {"name": name, "index": index})

            try:
                return await _child(run, _child_path(run, path, started, index), proc, start,
                                    dict(scope.variables), extra,
                                    ("MapIteration", {"name": name, "index": index}))
            except Failure as failure:
                failures.append(failure)
                failed.add(index)
                if len(failures) > allowed:
                    raise
                return {"Error": failure.error, "Cause": failure.cause}, started

    try:
        outs = await _all([one(i, item) for i, item in enumerate(items)])
    except Failure:
        if wide and ("ToleratedFailureCount" in sd or "ToleratedFailurePercentage" in sd):
            failure = Failure("States.ExceedToleratedFailureThreshold",
                              "The specified tolerated failure threshold was exceeded")
        if mapped is not None:
            map_runs.finish(run, mapped, len(items) - len(failures), len(failures), "FAILED")
            run.emit("MapRunFailed", started, {"error": failure.error, "cause": failure.cause})
        run.emit("MapStateFailed", started)
        raise failure from None
    results: Any = [o[0] for o in outs]
    if mapped is not None:
        map_runs.finish(run, mapped, len(items) - len(failed), len(failed), "SUCCEEDED")
        run.emit("MapRunSucceeded", started)
        if "ResultWriter" in sd:
            results = await map_runs.write_results(run, mapped, sd, raw, scope, lang,
                                                   list(inputs or []), results, failed)
    last = run.emit("MapStateSucceeded", max([started, *(o[1] for o in outs)]))
    out, assigned = dataflow.state_output(sd, raw, results, scope, lang)
    return out, assigned, last
