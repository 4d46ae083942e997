"""Each state's status, input and output, read from an execution's history events."""

from __future__ import annotations

from typing import Any

from cloudlet.console.states_history import runs, statuses


def entered(eid: int, prev: int, name: str, data: str, kind: str = "Pass") -> dict[str, Any]:
    return {"id": eid, "previousEventId": prev, "type": f"{kind}StateEntered",
            "stateEnteredEventDetails": {"name": name, "input": data}}


def exited(eid: int, prev: int, name: str, data: str, kind: str = "Pass") -> dict[str, Any]:
    return {"id": eid, "previousEventId": prev, "type": f"{kind}StateExited",
            "stateExitedEventDetails": {"name": name, "output": data}}


START = {"id": 1, "previousEventId": 0, "type": "ExecutionStarted"}


def test_exited_states_succeeded_and_the_open_one_failed_with_the_executions_error() -> None:
    events = [START, entered(2, 1, "A", "{}"), exited(3, 2, "A", '{"x":1}'),
              entered(4, 3, "Boom", '{"x":1}', "Fail"),
              {"id": 5, "previousEventId": 4, "type": "ExecutionFailed",
               "executionFailedEventDetails": {"error": "Bad", "cause": "it broke"}}]
    found = runs(events, "FAILED")
    assert statuses(found) == {"A": "succeeded", "Boom": "failed"}
    assert found["A"].visits[0].input == "{}" and found["A"].visits[0].output == '{"x":1}'
    assert (found["Boom"].error, found["Boom"].cause) == ("Bad", "it broke")


def test_a_task_failure_belongs_to_the_state_up_its_event_chain() -> None:
    events = [START, entered(2, 1, "Work", "{}", "Task"),
              {"id": 3, "previousEventId": 2, "type": "TaskScheduled"},
              {"id": 4, "previousEventId": 3, "type": "TaskFailed",
               "taskFailedEventDetails": {"error": "States.TaskFailed", "cause": "boom"}},
              exited(5, 4, "Work", '{"caught":true}', "Task"),
              entered(6, 5, "Recover", '{"caught":true}')]
    found = runs(events, "RUNNING")
    assert found["Work"].status == "succeeded"  # caught: it exited
    assert found["Work"].error == "States.TaskFailed"
    assert found["Recover"].status == "running"


def test_a_state_entered_many_times_keeps_each_visit() -> None:
    events = [START]
    for i in range(3):
        base = 2 + 2 * i
        events += [entered(base, 1, "Each", str(i)), exited(base + 1, base, "Each", str(i * 10))]
    found = runs(events, "SUCCEEDED")
    assert [(v.input, v.output) for v in found["Each"].visits] == [("0", "0"), ("1", "10"),
                                                                    ("2", "20")]
    assert found["Each"].status == "succeeded"


def test_states_never_entered_are_absent() -> None:
    assert runs([START], "RUNNING") == {}
