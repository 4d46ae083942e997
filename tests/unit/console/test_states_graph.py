"""The state machine graph layout: rows follow transitions, loops go up the side, Parallel
branches and Map iterators are nested boxes."""

from __future__ import annotations

from typing import Any

from cloudlet.console.states_graph import BOX_H, layout, successors


def pass_(then: str | None = None, **more: Any) -> dict[str, Any]:
    return {"Type": "Pass", **({"Next": then} if then else {"End": True}), **more}


def test_a_chain_is_one_column_top_down() -> None:
    graph = layout({"StartAt": "A", "States": {"A": pass_("B"), "B": pass_("C"), "C": pass_()}})
    a, b, c = (graph.box(n) for n in "ABC")
    assert a.y < b.y < c.y
    assert a.x == b.x == c.x
    assert c.end and not a.end
    kinds = [e.kind for e in graph.edges]
    assert kinds == ["start", "next", "next"]
    assert graph.width >= a.x + a.w and graph.height >= c.y + c.h


def test_a_state_sits_below_its_lowest_predecessor() -> None:
    states = {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "BooleanEquals": True,
                                                   "Next": "B"}], "Default": "C"},
              "B": pass_("C"), "C": {"Type": "Succeed"}}
    graph = layout({"StartAt": "A", "States": states})
    assert graph.box("B").y > graph.box("A").y
    assert graph.box("C").y > graph.box("B").y  # below B, not beside it
    labels = {e.label for e in graph.edges}
    assert {"Rule 1", "Default"} <= labels


def test_a_loop_edge_goes_back_up_the_right_side() -> None:
    states = {"Wait": {"Type": "Wait", "Seconds": 1, "Next": "Check"},
              "Check": {"Type": "Choice", "Choices": [{"Variable": "$.done", "BooleanEquals": False,
                                                       "Next": "Wait"}], "Default": "Done"},
              "Done": {"Type": "Succeed"}}
    graph = layout({"StartAt": "Wait", "States": states})
    loops = [e for e in graph.edges if e.loop]
    assert len(loops) == 1
    right = max(b.x + b.w for b in graph.boxes)
    assert all(x > right for x, _y in loops[0].points[1:3])
    assert loops[0].path.startswith("M") and " L" in loops[0].path


def test_catch_transitions_are_edges_of_their_own_kind() -> None:
    states = {"Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True,
                       "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Oops"}]},
              "Oops": {"Type": "Fail", "Error": "E"}}
    graph = layout({"StartAt": "Work", "States": states})
    catch = next(e for e in graph.edges if e.kind == "catch")
    assert catch.label == "Catch States.ALL"
    assert graph.box("Oops").y > graph.box("Work").y


def test_parallel_branches_are_side_by_side_inside_their_state() -> None:
    parallel = {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "L1", "States": {"L1": pass_("L2"), "L2": pass_()}},
        {"StartAt": "R1", "States": {"R1": pass_()}}]}
    graph = layout({"StartAt": "P", "States": {"P": parallel}})
    p, l1, l2, r1 = (graph.box(n) for n in ("P", "L1", "L2", "R1"))
    assert p.container
    for inner in (l1, l2, r1):
        assert p.x < inner.x and inner.x + inner.w < p.x + p.w
        assert p.y < inner.y and inner.y + inner.h < p.y + p.h
        assert inner.depth == 1
    assert l1.y == r1.y and l1.x + l1.w < r1.x
    assert p.h >= 2 * BOX_H
    frames = [b for b in graph.boxes if b.kind == "Branch"]
    assert len(frames) == 2


def test_a_map_holds_its_item_processor_or_iterator() -> None:
    for key in ("ItemProcessor", "Iterator"):
        mapped = {"Type": "Map", "End": True, key: {"StartAt": "Each", "States": {"Each": pass_()}}}
        graph = layout({"StartAt": "M", "States": {"M": mapped}})
        m, each = graph.box("M"), graph.box("Each")
        assert m.container and m.y < each.y < m.y + m.h


def test_unreachable_states_are_still_drawn_and_bad_targets_ignored() -> None:
    graph = layout({"StartAt": "A", "States": {"A": pass_("Nowhere"), "Lost": pass_()}})
    assert {b.name for b in graph.boxes} == {"A", "Lost"}
    assert [e.kind for e in graph.edges] == ["start"]


def test_an_empty_or_odd_definition_draws_nothing() -> None:
    assert layout({}).boxes == []
    assert layout({"States": {"A": "not a state"}}).boxes == []


def test_successors_name_every_transition() -> None:
    state = {"Choices": [{"Next": "X"}], "Default": "Y", "Next": "Z",
             "Catch": [{"ErrorEquals": ["E1", "E2"], "Next": "W"}]}
    assert successors(state) == [("X", "choice", "Rule 1"), ("Y", "default", "Default"),
                                 ("Z", "next", ""), ("W", "catch", "Catch E1, E2")]


def test_a_long_chain_lays_out_without_recursion() -> None:
    states = {f"S{i}": pass_(f"S{i + 1}") for i in range(2000)}
    states["S2000"] = pass_()
    graph = layout({"StartAt": "S0", "States": states})
    assert graph.box("S2000").y > graph.box("S0").y
