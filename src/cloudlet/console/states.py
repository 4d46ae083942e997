"""State machines: the list, a machine's graph with its executions and a Start form, an
execution's graph coloured by what each state did, with its history and Redrive.

Pages (``{sm}`` is a state machine's name or ARN, ``{execution}`` an execution's name or
ARN):

- ``/states``: ListStateMachines (``?next=`` pages on).
- ``/states/{sm}``: DescribeStateMachine drawn (``states_graph``), ListExecutions
  (``?status=RUNNING|SUCCEEDED|FAILED|TIMED_OUT|ABORTED|PENDING_REDRIVE`` is its
  ``statusFilter``, ``?next=`` pages on); POST starts an execution (StartExecution).
- ``/states/{sm}/executions/{execution}``: DescribeExecution, the definition it ran
  (DescribeStateMachineForExecution) coloured from GetExecutionHistory
  (``states_history``), the history table; POST redrives it (RedriveExecution). A running
  execution's page refreshes itself every 2 s (htmx).
- ``/states/{sm}/executions/{execution}/state?name=S``: the htmx fragment with one state's
  visits (input, output, error).

LIMITATIONS: the history shown is its first 5,000 events; a Map's inner states show their
first 20 visits.
"""

from __future__ import annotations

import json
from typing import Any

from cloudlet.console.site import nav, page
from cloudlet.console.states_graph import layout
from cloudlet.console.states_history import SHOWN_VISITS, runs, statuses
from cloudlet.console.view import Failed, View
from cloudlet.server.http import Response

nav("State machines", "/states", 80)

STATUSES = ("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE")
HISTORY_PAGES = 5  # of 1,000 events each


def machine_arn(view: View, sm: str) -> str:
    if sm.startswith("arn:"):
        return sm
    return f"arn:aws:states:{view.viewer.region}:{view.viewer.account}:stateMachine:{sm}"


def execution_arn(view: View, sm: str, execution: str) -> str:
    if execution.startswith("arn:"):
        return execution
    name = machine_arn(view, sm).split(":")[6]
    return f"arn:aws:states:{view.viewer.region}:{view.viewer.account}:execution:{name}:{execution}"


def _definition(text: str) -> dict[str, Any]:
    try:
        found = json.loads(text)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


@page("/states")
async def machines(view: View) -> Response:
    params: dict[str, Any] = {"maxResults": 100}
    if view.query.get("next"):
        params["nextToken"] = view.query["next"]
    out, error = await view.attempt("stepfunctions", "ListStateMachines", params)
    return view.render("states/list.html", title="State machines",
                       crumbs=[("State machines", "/states")], error=error,
                       machines=(out or {}).get("stateMachines") or [],
                       next=(out or {}).get("nextToken"))


@page("/states/{sm}", methods=("GET", "POST"))
async def machine(view: View) -> Response:
    arn = machine_arn(view, view.params["sm"])
    start_error = None
    given = view.query.get("input", "{}")
    name = ""
    if view.request.method == "POST":
        form = view.form()
        given, name = form.get("input", "{}"), form.get("name", "").strip()
        start = {"stateMachineArn": arn, "input": given, **({"name": name} if name else {})}
        started, start_error = await view.attempt("stepfunctions", "StartExecution", start)
        if started is not None:
            execution = str(started["executionArn"]).split(":")[-1]
            return view.redirect(f"/states/{view.params['sm']}/executions/{execution}")
    described, error = await view.attempt("stepfunctions", "DescribeStateMachine",
                                          {"stateMachineArn": arn})
    title = arn.split(":")[6] if arn.count(":") >= 6 else arn
    crumbs = [("State machines", "/states"), (title, f"/states/{view.params['sm']}")]
    if described is None:
        return view.render("states/machine.html", 404, title=title, crumbs=crumbs, error=error,
                           described=None)
    status = view.query.get("status") or None
    params: dict[str, Any] = {"stateMachineArn": arn, "maxResults": 50}
    if status:
        params["statusFilter"] = status
    if view.query.get("next"):
        params["nextToken"] = view.query["next"]
    listed, list_error = await view.attempt("stepfunctions", "ListExecutions", params)
    return view.render(
        "states/machine.html", 400 if start_error else 200, title=title, crumbs=crumbs,
        error=start_error, described=described,
        graph=layout(_definition(str(described.get("definition") or "{}"))),
        state_status={}, state_link=None, executions=(listed or {}).get("executions") or [],
        list_error=list_error, next=(listed or {}).get("nextToken"), chosen=status,
        statuses=STATUSES, given=given, name=name, sm=view.params["sm"])


async def _history(view: View, arn: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    params: dict[str, Any] = {"executionArn": arn, "maxResults": 1000}
    for _ in range(HISTORY_PAGES):
        out = await view.call("stepfunctions", "GetExecutionHistory", params)
        events.extend(out.get("events") or [])
        if not out.get("nextToken"):
            break
        params["nextToken"] = out["nextToken"]
    return events


@page("/states/{sm}/executions/{execution}", methods=("GET", "POST"))
async def execution(view: View) -> Response:
    sm, name = view.params["sm"], view.params["execution"]
    arn = execution_arn(view, sm, name)
    here = f"/states/{sm}/executions/{name}"
    crumbs = [("State machines", "/states"), (machine_arn(view, sm).split(":")[-1],
                                              f"/states/{sm}"), (arn.split(":")[-1], here)]
    action_error = None
    if view.request.method == "POST":
        _out, action_error = await view.attempt("stepfunctions", "RedriveExecution",
                                                {"executionArn": arn})
        if action_error is None:
            return view.redirect(here, notice="redriven")
    try:
        described = await view.call("stepfunctions", "DescribeExecution", {"executionArn": arn})
        definition = await view.call("stepfunctions", "DescribeStateMachineForExecution",
                                     {"executionArn": arn})
        events = await _history(view, arn)
    except Failed as failed:
        return view.render("states/execution.html", 404, title=arn.split(":")[-1], crumbs=crumbs,
                           error=failed.error, described=None)
    found = runs(events, str(described.get("status")))
    notice = "Redrive started." if view.query.get("notice") == "redriven" else None
    return view.render(
        "states/execution.html", 400 if action_error else 200, title=arn.split(":")[-1],
        crumbs=crumbs, error=action_error, notice=notice, described=described, events=events,
        graph=layout(_definition(str(definition.get("definition") or "{}"))),
        state_status=statuses(found),
        state_link=lambda state: view.url(f"{here}/state", name=state), here=here,
        redrivable=described.get("redriveStatus") == "REDRIVABLE")


@page("/states/{sm}/executions/{execution}/state")
async def state_detail(view: View) -> Response:
    arn = execution_arn(view, view.params["sm"], view.params["execution"])
    wanted = view.query.get("name", "")
    out, error = await view.attempt("stepfunctions", "DescribeExecution", {"executionArn": arn})
    events: list[dict[str, Any]] = []
    if out is not None:
        try:
            events = await _history(view, arn)
        except Failed as failed:
            error = failed.error
    run = runs(events, str((out or {}).get("status"))).get(wanted)
    visits = run.visits[:SHOWN_VISITS] if run else []
    return view.render("states/state.html", name=wanted, run=run, visits=visits,
                       more=len(run.visits) - len(visits) if run else 0, error=error)
