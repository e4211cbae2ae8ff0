"""Annex D: the open findings, grouped by the record they concern."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.platypus import Flowable, Paragraph

from ropa_desktop.exporters.pdf import styles as S
from ropa_desktop.exporters.pdf.annexes import rule_order, start
from ropa_desktop.exporters.pdf.flowables import grid, titled_grid
from ropa_desktop.exporters.pdf.model import (
    Lookup,
    anchor,
    confirms_line,
    findings_dest,
    link,
    muted,
    rule_dest,
    severity,
    split_confirms,
)
from ropa_desktop.exporters.pdf.text import SANS_BOLD, para, plain, shorten
from ropa_desktop.services.checks import BLOCKING, Finding, field_label
from ropa_desktop.services.labels import counted

_ENTITY = {
    "activity": "Activity",
    "processor": "Processor",
    "retention_rule": "Retention rule",
    "organisation": "Organisation",
    "data_category": "Data category",
}
_WIDTHS = (2, 4.5, 9.5)
# A record's name in a group title; longer ones (free text) are cut.
_NAME_WIDTH = 0.7 * S.WIDTH
# "purposes[2]" or "purposes[2].lia_reference": a field of one item of a list.
_ITEM = re.compile(r"(?P<top>[^\[]+)\[(?P<n>\d+)\](?:\.(?P<sub>.+))?")


def findings_annex(findings: Sequence[Finding], lk: Lookup) -> list[Flowable]:
    """One table per record: its name once, then its findings, blocking first."""
    story = start(3)
    if not findings:
        return [*story, Paragraph("No open finding: every check passes.", S.BODY)]
    blocking = sum(1 for f in findings if f.severity == BLOCKING)
    story.append(
        Paragraph(
            f"{counted(blocking, 'blocking finding')} and "
            f"{counted(len(findings) - blocking, 'warning')}, as computed "
            "on the “as of” date by the register's checks, grouped by the record they concern; "
            "records with a blocking finding come first, and the fields a record has marked to "
            "confirm are one line.",
            S.NOTE,
        )
    )
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.entity_type, f.entity_key), []).append(f)
    # Blocking first; then the controller, then in the register's order (other records last).
    order = _register_order(lk)
    ordered = sorted(
        groups.values(),
        key=lambda fs: (
            not _blocking(fs),
            fs[0].entity_type != "organisation",
            order.get((fs[0].entity_type, fs[0].entity_key), len(order)),
        ),
    )
    story += grid(("Severity", "Field", "Finding"), [], _WIDTHS)
    for group in ordered:
        found, confirms = split_confirms(group)
        rows = [
            [severity(f), _field(f), para(f.message)]
            for f in sorted(found, key=lambda f: f.severity != BLOCKING)
        ]
        if confirms:
            rows.append([severity(confirms[0]), "Marked to confirm", confirms_line(confirms)])
        story.append(titled_grid(_title(group, lk), rows, _WIDTHS))
    return story


def _register_order(lk: Lookup) -> dict[tuple[str, str], int]:
    """Where each record comes in the register: activities, then Annex A, then Annex B."""
    rules = sorted(lk.rules.values(), key=lambda r: rule_order(r, lk))
    keys = [("activity", k) for k in lk.activities]
    keys += [("processor", k) for k in lk.processors]
    keys += [("retention_rule", r.key) for r in rules]
    return {k: i for i, k in enumerate(keys)}


def _blocking(group: Sequence[Finding]) -> int:
    return sum(1 for f in group if f.severity == BLOCKING)


def _title(group: Sequence[Finding], lk: Lookup) -> str:
    blocking = _blocking(group)
    marks = len(split_confirms(group)[1])
    warnings = len(group) - blocking - marks
    counts = [
        counted(n, word, plural)
        for n, word, plural in (
            (blocking, "blocking finding", None),
            (warnings, "warning", None),
            (marks, "field to confirm", "fields to confirm"),
        )
        if n
    ]
    here = anchor(findings_dest(group[0].entity_type, group[0].entity_key))
    return f"{here}<b>{_concerns(group[0], lk)}</b> {muted('(' + ', '.join(counts) + ')')}"


def _concerns(f: Finding, lk: Lookup) -> str:
    """What the group is about, a link to that record where the PDF shows it."""
    kind = _ENTITY.get(f.entity_type, f.entity_type.replace("_", " ").capitalize())
    if f.entity_type == "activity" and f.entity_key in lk.activities:
        return f"{kind} {lk.activity_link(f.entity_key)}"
    if f.entity_type == "processor" and f.entity_key in lk.processors:
        return f"{kind} {lk.processor_link(f.entity_key)}"
    name = shorten(plain(f.entity_label or f.entity_key), _NAME_WIDTH, SANS_BOLD, 9)
    shown = para(name)
    if f.entity_type == "retention_rule" and f.entity_key in lk.rules:
        shown = link(rule_dest(f.entity_key), shown)
    elif f.entity_type == "organisation":
        shown = link("controller", shown)
    return f"{kind} {shown}" if name else kind


def _field(f: Finding) -> str:
    """The finding's field in the words the app uses ("purposes[2]" -> "Purposes, item 2")."""
    name = f.field.partition(":")[0].strip()
    item = _ITEM.fullmatch(name)
    if item is None:
        return para(field_label(name))
    top = f"{item['top']}.{item['sub']}" if item["sub"] else item["top"]
    return para(f"{field_label(top)}, item {item['n']}")
