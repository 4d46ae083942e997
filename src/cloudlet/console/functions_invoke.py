"""The Test button: invoke the function with the event in the editor and show what came back.

``POST /functions/{name}/test`` (htmx) calls Invoke (RequestResponse, ``LogType=Tail``)
as the viewer and answers a fragment: the result JSON, or the error (``FunctionError``
with the payload's ``errorType``/``errorMessage``); the duration, billed duration, memory
and init duration read from the ``REPORT`` line of the log tail; the log tail itself.
A failed call (the function does not exist, the event is not JSON) shows the API's error.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from typing import Any

from cloudlet.console.site import page
from cloudlet.console.view import View
from cloudlet.server.http import Response

_REPORT_FIELDS = {
    "Duration": "duration", "Billed Duration": "billed", "Memory Size": "memory",
    "Max Memory Used": "max_memory", "Init Duration": "init",
}
_FIELD = re.compile(r"([A-Za-z ]+): ([0-9.]+ (?:ms|MB))")


@dataclass(frozen=True, slots=True)
class Report:
    """The figures of a ``REPORT RequestId: ...`` line (text with its unit, "" if absent)."""

    request_id: str = ""
    duration: str = ""
    billed: str = ""
    memory: str = ""
    max_memory: str = ""
    init: str = ""


def parse_report(log: str) -> Report | None:
    """The last REPORT line of ``log``, or None when it has none."""
    lines = [line for line in log.splitlines() if line.startswith("REPORT RequestId: ")]
    if not lines:
        return None
    parts = lines[-1].split("\t")
    found: dict[str, str] = {"request_id": parts[0].removeprefix("REPORT RequestId: ").strip()}
    for part in parts[1:]:
        matched = _FIELD.fullmatch(part.strip())
        if matched and matched.group(1) in _REPORT_FIELDS:
            found[_REPORT_FIELDS[matched.group(1)]] = matched.group(2)
    return Report(**found)


def _decode(payload: Any) -> tuple[Any, str]:
    """The payload as JSON when it is (else None) and as text."""
    raw = payload.read() if hasattr(payload, "read") else payload
    text = bytes(raw or b"").decode("utf-8", "replace")
    try:
        return json.loads(text), text
    except ValueError:
        return None, text


@page("/functions/{name}/test", methods=("POST",))
async def test(view: View) -> Response:
    name = view.params["name"]
    event = view.form().get("event", "")
    out, error = await view.attempt("lambda", "Invoke", {
        "FunctionName": name, "InvocationType": "RequestResponse", "LogType": "Tail",
        "Payload": event.encode()})
    if out is None:
        return view.render("functions/test_result.html", error=error, result=None)
    parsed, text = _decode(out.get("Payload"))
    log = base64.b64decode(out.get("LogResult") or "").decode("utf-8", "replace")
    failure = out.get("FunctionError")
    return view.render(
        "functions/test_result.html", error=None,
        result={"failed": bool(failure), "function_error": failure,
                "payload": parsed if parsed is not None else text, "json": parsed is not None,
                "error_type": parsed.get("errorType") if failure and isinstance(parsed, dict)
                else None,
                "error_message": parsed.get("errorMessage")
                if failure and isinstance(parsed, dict) else None,
                "version": out.get("ExecutedVersion"), "log": log,
                "report": parse_report(log)})
