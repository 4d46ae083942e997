"""A state machine's definition laid out as a graph, for the console to draw as SVG.

Top-down: each state sits one row below the lowest state that leads to it (``Next``,
``Choices[].Next``, ``Default``, ``Catch[].Next``; edges that close a loop are drawn up the
right side instead). A ``Parallel`` state is a box holding its branches side by side, a
``Map`` state a box holding its ``ItemProcessor`` (or older ``Iterator``), each laid out the
same way. States no path reaches are drawn after the rest.

Pure layout: ``layout(definition)`` answers positioned boxes and edges in absolute
coordinates; the template only draws them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BOX_W = 168.0
BOX_H = 36.0
ROW_GAP = 46.0
COL_GAP = 28.0
PAD = 14.0  # inside a container, around its branches
HEADER = 28.0  # a container's title band
START_R = 9.0  # the start marker's radius
LOOP_GAP = 22.0  # how far right of a row a loop edge runs


@dataclass(slots=True)
class Box:
    name: str  # the state's name ("" for a container's branch frame)
    kind: str  # the state's Type, or "Branch"
    x: float
    y: float
    w: float
    h: float
    depth: int  # 0 at the top level, 1 inside a Parallel/Map, ...
    container: bool = False
    end: bool = False  # the state ends its machine or branch (End, Succeed, Fail)


@dataclass(slots=True)
class Edge:
    points: list[tuple[float, float]]
    kind: str  # "next", "choice", "default", "catch", "start"
    label: str = ""
    loop: bool = False  # goes back up (drawn on the right)

    @property
    def path(self) -> str:
        """The SVG path data: straight segments for a loop, a smooth curve otherwise."""
        (x0, y0), *rest = self.points
        if self.loop or len(self.points) != 2:
            return f"M{x0:.1f},{y0:.1f} " + " ".join(f"L{x:.1f},{y:.1f}" for x, y in rest)
        x1, y1 = rest[0]
        mid = (y0 + y1) / 2
        return f"M{x0:.1f},{y0:.1f} C{x0:.1f},{mid:.1f} {x1:.1f},{mid:.1f} {x1:.1f},{y1:.1f}"

    @property
    def label_at(self) -> tuple[float, float]:
        if self.loop:
            x, y = self.points[1]
            return x + 3, y + (self.points[2][1] - y) / 2
        (x0, y0), (x1, y1) = self.points[0], self.points[-1]
        return (x0 + x1) / 2 + 4, (y0 + y1) / 2


@dataclass(slots=True)
class Graph:
    width: float
    height: float
    boxes: list[Box] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    start: tuple[float, float] | None = None  # the start marker's centre

    def box(self, name: str) -> Box:
        return next(b for b in self.boxes if b.name == name)


def successors(state: dict[str, Any]) -> list[tuple[str, str, str]]:
    """``(target, kind, label)`` for each transition a state can take."""
    out: list[tuple[str, str, str]] = []
    for number, choice in enumerate(state.get("Choices") or [], 1):
        if isinstance(choice, dict) and isinstance(choice.get("Next"), str):
            out.append((choice["Next"], "choice", f"Rule {number}"))
    if isinstance(state.get("Default"), str):
        out.append((state["Default"], "default", "Default"))
    if isinstance(state.get("Next"), str):
        out.append((state["Next"], "next", ""))
    for catcher in state.get("Catch") or []:
        if isinstance(catcher, dict) and isinstance(catcher.get("Next"), str):
            errors = catcher.get("ErrorEquals") or []
            out.append((catcher["Next"], "catch", "Catch " + ", ".join(map(str, errors))))
    return out


def branches(state: dict[str, Any]) -> list[dict[str, Any]]:
    """The nested machines a Parallel or Map state runs."""
    if state.get("Type") == "Parallel":
        return [b for b in state.get("Branches") or [] if isinstance(b, dict)]
    if state.get("Type") == "Map":
        inner = state.get("ItemProcessor") or state.get("Iterator")
        return [inner] if isinstance(inner, dict) else []
    return []


@dataclass(slots=True)
class _Block:
    """A machine laid out with its top-left corner at (0, 0)."""

    w: float
    h: float
    boxes: list[Box]
    edges: list[Edge]
    entry: tuple[float, float] | None  # the top centre of the StartAt state


def _order(states: dict[str, Any], start: str) -> tuple[list[str], set[tuple[str, str]]]:
    """States in the order a depth-first walk from ``start`` finds them (then the ones it
    does not reach), and the edges that close a loop (to a state on the walk's path)."""
    seen: dict[str, None] = {}
    loops: set[tuple[str, str]] = set()
    for root in [start, *states]:
        if root in seen:
            continue
        seen[root] = None
        on_path = {root}
        stack = [(root, iter(successors(states[root])))]
        while stack:
            name, todo = stack[-1]
            for target, _kind, _label in todo:
                if target not in states:
                    continue
                if target in on_path:
                    loops.add((name, target))
                elif target not in seen:
                    seen[target] = None
                    on_path.add(target)
                    stack.append((target, iter(successors(states[target]))))
                    break
            else:
                stack.pop()
                on_path.discard(name)
    return list(seen), loops


def _ranks(states: dict[str, Any], order: list[str], loops: set[tuple[str, str]]) -> dict[str, int]:
    """Each state's row: one below its lowest predecessor (loop edges left out, so the
    rest is acyclic and Kahn's order settles every rank)."""
    succ: dict[str, list[str]] = {n: [] for n in order}
    waiting = dict.fromkeys(order, 0)
    for name in order:
        for target, _kind, _label in successors(states[name]):
            if target in succ and (name, target) not in loops and target not in succ[name]:
                succ[name].append(target)
                waiting[target] += 1
    rank = dict.fromkeys(order, 0)
    ready = [n for n in order if waiting[n] == 0]
    while ready:
        name = ready.pop()
        for target in succ[name]:
            rank[target] = max(rank[target], rank[name] + 1)
            waiting[target] -= 1
            if waiting[target] == 0:
                ready.append(target)
    return rank


def _state_size(state: dict[str, Any], inner: list[_Block]) -> tuple[float, float]:
    if not inner:
        return BOX_W, BOX_H
    width = sum(b.w for b in inner) + COL_GAP * (len(inner) - 1) + 2 * PAD
    height = HEADER + max(b.h for b in inner) + PAD
    return max(width, BOX_W), height


def _is_end(state: dict[str, Any]) -> bool:
    return bool(state.get("End")) or state.get("Type") in ("Succeed", "Fail")


def _shift(box: Box, dx: float, dy: float) -> Box:
    box.x += dx
    box.y += dy
    return box


def _block(machine: dict[str, Any], depth: int) -> _Block:
    given = machine.get("States")
    states = {k: v for k, v in given.items() if isinstance(v, dict)} if isinstance(given, dict) else {}
    if not states:
        return _Block(BOX_W, 0, [], [], None)
    start = machine.get("StartAt") if machine.get("StartAt") in states else next(iter(states))
    order, loops = _order(states, str(start))
    rank = _ranks(states, order, loops)
    inner = {n: [_block(b, depth + 1) for b in branches(states[n])] for n in order}
    sizes = {n: _state_size(states[n], inner[n]) for n in order}
    rows: list[list[str]] = [[] for _ in range(max(rank.values()) + 1)]
    for name in order:
        rows[rank[name]].append(name)
    row_w = [sum(sizes[n][0] for n in row) + COL_GAP * (len(row) - 1) for row in rows]
    width = max(row_w)
    has_loops = bool(loops)
    boxes: list[Box] = []
    edges: list[Edge] = []
    placed: dict[str, Box] = {}
    y = 0.0
    for row, w in zip(rows, row_w, strict=True):
        x = (width - w) / 2
        row_h = max(sizes[n][1] for n in row)
        for name in row:
            bw, bh = sizes[name]
            box = Box(name, str(states[name].get("Type", "")), x, y, bw, bh, depth,
                      container=bool(inner[name]), end=_is_end(states[name]))
            boxes.append(box)
            placed[name] = box
            bx = x + PAD
            for branch in inner[name]:
                left = bx if len(inner[name]) > 1 else x + (bw - branch.w) / 2
                if len(inner[name]) > 1:
                    boxes.append(Box("", "Branch", left - PAD / 2, y + HEADER - PAD / 2,
                                     branch.w + PAD, branch.h + PAD, depth + 1, container=True))
                boxes.extend(_shift(b, left, y + HEADER) for b in branch.boxes)
                for edge in branch.edges:
                    edge.points = [(px + left, py + y + HEADER) for px, py in edge.points]
                    edges.append(edge)
                bx += branch.w + COL_GAP
            x += bw + COL_GAP
        y += row_h + ROW_GAP
    height = y - ROW_GAP
    right = width + LOOP_GAP if has_loops else width
    for name in order:
        src = placed[name]
        for target, kind, label in successors(states[name]):
            dst = placed.get(target)
            if dst is None:
                continue
            if (name, target) in loops or dst.y <= src.y:
                lane = right - LOOP_GAP / 2
                points = [(src.x + src.w, src.y + src.h / 2), (lane, src.y + src.h / 2),
                          (lane, dst.y + dst.h / 2), (dst.x + dst.w, dst.y + dst.h / 2)]
                edges.append(Edge(points, kind, label, loop=True))
            else:
                edges.append(Edge([(src.x + src.w / 2, src.y + src.h),
                                   (dst.x + dst.w / 2, dst.y)], kind, label))
    first = placed[str(start)]
    return _Block(right, height, boxes, edges, (first.x + first.w / 2, first.y))


def layout(definition: dict[str, Any]) -> Graph:
    """The whole machine, with a start marker above its ``StartAt`` state."""
    block = _block(definition, 0)
    top = 2 * START_R + ROW_GAP / 2 + 6
    margin = 10.0
    graph = Graph(block.w + 2 * margin, block.h + top + 2 * margin)
    graph.boxes = [_shift(b, margin, top + margin) for b in block.boxes]
    for edge in block.edges:
        edge.points = [(x + margin, y + top + margin) for x, y in edge.points]
    graph.edges = block.edges
    if block.entry is not None:
        ex, ey = block.entry[0] + margin, block.entry[1] + top + margin
        graph.edges.insert(0, Edge([(ex, margin + 2 * START_R), (ex, ey)], "start"))
        graph.start = (ex, margin + START_R)
    return graph
