"""Live progress of a stack operation: one line per stack event and a progress bar, as
``sls deploy`` and ``sam deploy`` show them, until the stack settles.

Events are read with DescribeStackEvents (newest first) every 100 ms; those seen before
the operation began (``since``: the newest event id then) are not shown. The bar counts
resources that reached a final state (``*_COMPLETE``/``*_FAILED``) against the number the
operation touches. Output goes to stderr, so stdout carries only the summary.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

POLL_S = 0.1


def settled(status: str) -> bool:
    """Whether a stack status is final (no ``..._IN_PROGRESS``)."""
    return not status.endswith("IN_PROGRESS")


def _style(status: str) -> str:
    if status.endswith("FAILED") or "ROLLBACK" in status:
        return "red"
    if status.endswith("COMPLETE"):
        return "green"
    return "yellow"


@dataclass
class StackEvents:
    """The events of one stack after a given one, oldest first."""

    cfn: Any
    stack_id: str
    seen: set[str] = field(default_factory=set)

    def newest_id(self) -> str | None:
        events = self.cfn.describe_stack_events(StackName=self.stack_id)["StackEvents"]
        return str(events[0]["EventId"]) if events else None

    def new(self) -> list[dict[str, Any]]:
        fresh: list[dict[str, Any]] = []
        for page in self.cfn.get_paginator("describe_stack_events").paginate(
                StackName=self.stack_id):
            stop = False
            for event in page["StackEvents"]:
                if event["EventId"] in self.seen:
                    stop = True
                    break
                fresh.append(event)
            if stop:
                break
        self.seen.update(e["EventId"] for e in fresh)
        return list(reversed(fresh))


def event_line(event: dict[str, Any]) -> str:
    """``HH:MM:SS  STATUS  Type  LogicalId  reason`` with rich markup."""
    status = event["ResourceStatus"]
    stamp = event["Timestamp"].strftime("%H:%M:%S") if hasattr(event["Timestamp"], "strftime") \
        else str(event["Timestamp"])
    reason = event.get("ResourceStatusReason") or ""
    line = (f"  {stamp}  [{_style(status)}]{status:<28}[/]  {event['ResourceType']:<36}  "
            f"{event['LogicalResourceId']}")
    return f"{line}  [dim]{reason}[/]" if reason else line


def watch(cfn: Any, stack_id: str, *, since: str | None, total: int, console: Console,
          title: str, timeout_s: float = 900.0) -> dict[str, Any]:
    """Print events until the stack settles; answers its final description."""
    events = StackEvents(cfn, stack_id)
    if since is not None:
        events.seen.add(since)
    done: set[str] = set()
    touched: set[str] = set()
    bar = Progress(TextColumn("  {task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=console, transient=True)
    deadline = time.monotonic() + timeout_s
    with bar:
        task = bar.add_task(title, total=max(total, 1))
        while True:
            description = cfn.describe_stacks(StackName=stack_id)["Stacks"][0]
            for event in events.new():
                bar.console.print(event_line(event), highlight=False)
                if event["ResourceType"] != "AWS::CloudFormation::Stack" or \
                        event["PhysicalResourceId"] != stack_id:
                    touched.add(event["LogicalResourceId"])
                    if event["ResourceStatus"].endswith(("_COMPLETE", "_FAILED")):
                        done.add(event["LogicalResourceId"])
                    # A SAM template makes more resources than it lists: the bar grows.
                    bar.update(task, completed=len(done), total=max(total, len(touched)))
            if settled(description["StackStatus"]):
                return dict(description)
            if time.monotonic() > deadline:
                raise TimeoutError(f"stack still {description['StackStatus']} after "
                                   f"{timeout_s:.0f}s")
            time.sleep(POLL_S)


def failures(cfn: Any, stack_id: str, since: str | None) -> list[tuple[str, str, str]]:
    """``(logical id, type, reason)`` of the operation's failed resources, oldest first."""
    events = StackEvents(cfn, stack_id)
    if since is not None:
        events.seen.add(since)
    return [(e["LogicalResourceId"], e["ResourceType"], e.get("ResourceStatusReason") or "")
            for e in events.new() if e["ResourceStatus"].endswith("FAILED")]
