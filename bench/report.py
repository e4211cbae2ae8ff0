"""The lines of ``make bench``'s table: each benchmark names its headline figures with
``row``; ``python -m bench`` gathers them into one table (and, with ``--readme``, into
the README's speed section between its markers)."""

from __future__ import annotations

import json

MARK = "BENCH-ROW "


def row(what: str, ours: str, reference: str, ratio: float | None, goal: str) -> None:
    """One line of the table: the work, our figure, the raw reference's, ours/raw, the goal."""
    fields = {"what": what, "ours": ours, "reference": reference, "ratio": ratio, "goal": goal}
    print(MARK + json.dumps(fields), flush=True)


def table(rows: list[dict[str, object]]) -> str:
    """The rows as a Markdown table."""
    lines = [
        "| work | ropa-desktop | raw reference, same run | ratio | goal |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = r["ratio"]
        shown = f"{ratio:.2f}×" if isinstance(ratio, int | float) else ""
        lines.append(f"| {r['what']} | {r['ours']} | {r['reference']} | {shown} | {r['goal']} |")
    return "\n".join(lines)
