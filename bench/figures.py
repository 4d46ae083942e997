"""The table bench/run.py prints: one row per figure, a column per server measured, the
ratios the goals name and whether each goal is met.

A figure's values are keyed by column ("cloudlet", the ``--against`` revision, "dynalite",
"MiniStack", "moto", "floor"); a missing value prints as "-". Goals are checked against the
"cloudlet" column only; the revision column gets the ratio HEAD/REV.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

PEERS = ("dynalite", "MiniStack", "moto", "floor")


@dataclass(frozen=True)
class Goal:
    """``check(values)`` answers (ratio text, met) or None when a value it needs is missing."""

    text: str
    check: Callable[[dict[str, float]], tuple[str, bool] | None]


def at_least(other: str, factor: float, label: str | None = None) -> Goal:
    """cloudlet >= factor x ``other`` (a rate: higher is better)."""
    name = label or other

    def check(v: dict[str, float]) -> tuple[str, bool] | None:
        if not _has(v, "cloudlet", other) or v[other] == 0:
            return None
        ratio = v["cloudlet"] / v[other]
        return f"{ratio:.2f}x {name}", ratio >= factor

    text = f">= {factor * 100:.0f}% {name}" if factor < 1 else f">= {factor:g}x {name}"
    return Goal(text, check)


def within(other: str, factor: float) -> Goal:
    """cloudlet <= factor x ``other`` (a latency: lower is better)."""

    def check(v: dict[str, float]) -> tuple[str, bool] | None:
        if not _has(v, "cloudlet", other) or v[other] == 0:
            return None
        ratio = v["cloudlet"] / v[other]
        return f"{ratio:.2f}x {other}", ratio <= factor

    return Goal(f"<= {factor:g}x {other}", check)


def faster_than(other: str, factor: float, label: str) -> Goal:
    """``other`` / cloudlet >= factor (a latency ``factor`` times below ``other``'s)."""

    def check(v: dict[str, float]) -> tuple[str, bool] | None:
        if not _has(v, "cloudlet", other) or v["cloudlet"] == 0:
            return None
        ratio = v[other] / v["cloudlet"]
        return f"{ratio:.1f}x faster than {label}", ratio >= factor

    return Goal(f">= {factor:g}x faster than {label}", check)


def below(limit: float, unit: str) -> Goal:
    def check(v: dict[str, float]) -> tuple[str, bool] | None:
        if not _has(v, "cloudlet"):
            return None
        return "", v["cloudlet"] < limit

    return Goal(f"< {limit:g} {unit}", check)


def above(limit: float, unit: str) -> Goal:
    def check(v: dict[str, float]) -> tuple[str, bool] | None:
        if not _has(v, "cloudlet"):
            return None
        return "", v["cloudlet"] > limit

    return Goal(f"> {limit:g}{unit}", check)


def _has(values: dict[str, float], *keys: str) -> bool:
    return all(k in values and not math.isnan(values[k]) for k in keys)


@dataclass
class Figure:
    key: str  # for --only
    group: str  # raw, boto3, lambda, memory, scale
    label: str
    unit: str
    goals: list[Goal] = field(default_factory=list)
    higher_is_better: bool = True
    values: dict[str, float] = field(default_factory=dict)
    note: str = ""


def _number(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "-"
    if unit in ("ms", "MB"):
        return f"{value:.2f}" if value < 10 else f"{value:.1f}"
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def render(figures: list[Figure], rev: str | None) -> str:
    """The table as Markdown (readable in a terminal, pasteable into an issue)."""
    columns = ["cloudlet", *([rev] if rev else []), *PEERS]
    present = [c for c in columns if c in ("cloudlet", rev) or any(c in f.values for f in figures)]
    header = ["figure", *present]
    if rev:
        header.append(f"HEAD/{rev}")
    header += ["ratio", "goal", "met?"]
    rows = [header]
    for fig in figures:
        cells = [f"{fig.label} ({fig.unit})" if fig.unit != "x" else fig.label]
        cells += [_number(fig.values.get(c), fig.unit) for c in present]
        if rev:
            here, there = fig.values.get("cloudlet"), fig.values.get(rev)
            cells.append(f"{here / there:.2f}x" if here and there else "-")
        ratios, goals, met = [], [], []
        for goal in fig.goals:
            goals.append(goal.text)
            found = goal.check(fig.values)
            if found is None:
                met.append("n/a")
                continue
            if found[0]:
                ratios.append(found[0])
            met.append("yes" if found[1] else "NO")
        cells += ["; ".join(ratios) or "-", "; ".join(goals) or "-", "; ".join(met) or "-"]
        rows.append(cells)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
             for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    notes = [f"- {f.label}: {f.note}" for f in figures if f.note]
    return "\n".join(lines + ([""] + notes if notes else []))
