"""What the PDF needs to know beyond one record: names, cross-references, findings.

Every function returning "markup" returns Paragraph markup in which user text
has gone through ``para()``; an empty string means "Not recorded".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ropa_desktop.domain.enums import LabelledEnum
from ropa_desktop.domain.records import (
    ActivityRec,
    ProcessorRec,
    RetentionRuleRec,
    TemplateRec,
    record_title,
)
from ropa_desktop.exporters.pdf import styles as S
from ropa_desktop.exporters.pdf.text import para
from ropa_desktop.services.checks import BLOCKING, Finding
from ropa_desktop.services.interchange import RegisterDoc
from ropa_desktop.services.labels import to_confirm_summary

TO_CONFIRM_CODE = "to_confirm"  # the finding of a field marked to confirm (services.checks)


@dataclass(frozen=True)
class Lookup:
    """Indexes over one register document."""

    catalogues: dict[str, dict[str, Any]]
    processors: dict[str, ProcessorRec]
    activities: dict[str, ActivityRec]
    rules_by_activity: dict[str, list[RetentionRuleRec]]
    rules: dict[str, RetentionRuleRec]
    activity_index: dict[str, int]  # the activity's place in the register
    templates: dict[tuple[str, int], TemplateRec]
    findings: dict[tuple[str, str], list[Finding]]

    @classmethod
    def of(cls, doc: RegisterDoc, findings: Iterable[Finding]) -> Lookup:
        rules: dict[str, list[RetentionRuleRec]] = defaultdict(list)
        for rule in doc.retention_rules:
            if rule.activity:
                rules[rule.activity].append(rule)
        by_entity: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        for f in findings:
            by_entity[(f.entity_type, f.entity_key)].append(f)
        return cls(
            catalogues={n: {e.key: e for e in entries} for n, entries in doc.catalogues.items()},
            processors={p.key: p for p in doc.processors},
            activities={a.key: a for a in doc.activities},
            rules_by_activity=dict(rules),
            rules={r.key: r for r in doc.retention_rules},
            activity_index={a.key: i for i, a in enumerate(doc.activities)},
            templates={(t.key, t.template_version): t for t in doc.questionnaires},
            findings=dict(by_entity),
        )

    def entry(self, catalogue: str, key: str) -> Any | None:
        return self.catalogues.get(catalogue, {}).get(key)

    def name(self, catalogue: str, key: str) -> str:
        """The catalogue entry's name (never its key, unless the entry is missing)."""
        rec = self.entry(catalogue, key)
        if rec is None:
            return f"{para(key)} {muted('(not in the catalogue)')}"
        return para(rec.name)

    def processor_name(self, key: str) -> str:
        rec = self.processors.get(key)
        return para(rec.name) if rec else f"{para(key)} {muted('(unknown processor)')}"

    def processor_link(self, key: str) -> str:
        """The processor's name, a link to its section in Annex A."""
        name = self.processor_name(key)
        return link(processor_dest(key), name) if key in self.processors else name

    def activity_title(self, key: str | None) -> str:
        rec = self.activities.get(key or "")
        if rec is None:
            return f"{para(key)} {muted('(unknown activity)')}" if key else ""
        return para(record_title(rec.reference, rec.name))

    def activity_link(self, key: str | None) -> str:
        """The activity's reference and name, a link to its section."""
        title = self.activity_title(key)
        return link(activity_dest(key), title) if key in self.activities else title

    def findings_link(self, entity_type: str, key: str) -> str:
        """A link to the record's findings in Annex D ("" when it has none)."""
        if (entity_type, key) not in self.findings:
            return ""
        return link(findings_dest(entity_type, key), "Its findings: Annex D")


# Destinations a link can point at: each record's place in the PDF.
def activity_dest(key: str | None) -> str:
    return f"activity-{key}"


def processor_dest(key: str) -> str:
    return f"processor-{key}"


def rule_dest(key: str) -> str:
    return f"rule-{key}"


def findings_dest(entity_type: str, key: str) -> str:
    return f"findings-{entity_type}-{key}"


def link(dest: str, markup: str) -> str:
    """Markup that takes the reader to ``dest`` when clicked."""
    return f'<a href="#{dest}" color="{S.LINK_INK}">{markup}</a>'


def anchor(dest: str) -> str:
    """Markup that makes its place the destination ``dest``."""
    return f'<a name="{dest}"/>'


def lines(*markup: str) -> str:
    """The non-empty pieces, one per line."""
    return "<br/>".join(x for x in markup if x)


def muted(markup: str) -> str:
    return f'<font color="#6b6b6b">{markup}</font>'


def text(value: str) -> str:
    return para(value) if value.strip() else ""


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def label(value: LabelledEnum | None) -> str:
    return para(value.label) if value is not None else ""


def bullets(items: Iterable[str]) -> str:
    return "<br/>".join(f"•&nbsp;{item}" for item in items if item)


def sub(name: str, value: str, flag: str = "") -> str:
    """A named part of a value, e.g. "Legal basis: Contract"; ``flag`` from ``Marks.flag``."""
    return f"{muted(name + ':')} {valued(value, flag)}"


def valued(value: str, flag: str = "") -> str:
    """A value and its "to confirm" flag; nothing recorded and marked reads as one phrase
    ("TO CONFIRM (nothing recorded)"), not "Not recorded TO CONFIRM"."""
    if value or not flag:
        return f"{value or S.NOT_RECORDED}{flag}"
    notes = flag.removeprefix(f" {S.TO_CONFIRM}")
    return f"{S.TO_CONFIRM} {muted('(nothing recorded)')}{notes}"


def noted(value: str, note: str) -> str:
    """A row's value with the notes of its "to confirm" marks under it."""
    return f"{value or S.NOT_RECORDED}<br/>{note}" if note else value


def severity(f: Finding) -> str:
    """The finding's severity as a coloured word."""
    if f.severity == BLOCKING:
        return f'<font color="{S.BLOCKING_INK}"><b>Blocking</b></font>'
    return f'<font color="{S.CONFIRM_INK}"><b>Warning</b></font>'


def finding_line(f: Finding) -> str:
    return f"{severity(f)} {para(f.message)}"


def findings_lines(findings: Iterable[Finding]) -> str:
    """A record's findings, blocking first, one per line; its "to confirm" marks in one."""
    found, marks = split_confirms(findings)
    ordered = sorted(found, key=lambda f: f.severity != BLOCKING)
    out = [finding_line(f) for f in ordered]
    if marks:
        out.append(f"{severity(marks[0])} {confirms_line(marks)}")
    return "<br/>".join(out) or muted("None.")


def split_confirms(findings: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
    """A record's findings apart from its "to confirm" marks, and those marks when there
    are two or more (one mark stays a finding of its own)."""
    found: list[Finding] = []
    marks: list[Finding] = []
    for f in findings:
        (marks if f.code == TO_CONFIRM_CODE else found).append(f)
    if len(marks) < 2:
        return found + marks, []
    return found, marks


def confirms_line(marks: Sequence[Finding]) -> str:
    """ "3 fields to confirm — Owner department, …", the notes beside each field above."""
    return para(to_confirm_summary(f.field for f in marks))


def rule_data(rule: RetentionRuleRec, lk: Lookup) -> str:
    """What data a retention rule covers: its data category, then its description."""
    parts = [lk.name("data_categories", rule.data_category)] if rule.data_category else []
    parts.append(text(rule.data_description))
    # Neither means the rule covers all the activity's data (as services.retention_schedule names it).
    return "<br/>".join(x for x in parts if x) or muted("All data")


def retention_term(rule: RetentionRuleRec) -> str:
    """Duration (or open-ended term) and trigger of a rule, as markup."""
    if rule.duration_value is not None:
        unit = rule.duration_unit.label if rule.duration_unit else "(unit not recorded)"
        term = para(f"{rule.duration_value} {unit}")
    else:
        term = text(rule.open_ended_term)
    marks = Marks(rule.to_confirm)
    parts = [sub("Term", term, marks.flag("duration_value", "duration_unit", "open_ended_term"))]
    parts.append(sub("Starting event", label(rule.trigger), marks.flag("trigger")))
    parts.append(
        sub(
            "At the end of the period",
            label(rule.end_of_life_action),
            marks.flag("end_of_life_action"),
        )
    )
    return "<br/>".join(parts)


class Marks:
    """A record's "to confirm" marks; a mark is "field" or "field: note"."""

    def __init__(self, to_confirm: Iterable[str]) -> None:
        self.notes: dict[str, list[str]] = {}
        for entry in to_confirm:
            name, _, note = entry.partition(":")
            notes = self.notes.setdefault(name.strip(), [])
            if note.strip():
                notes.append(note.strip())

    def any(self, *names: str) -> bool:
        return any(n in self.notes for n in names)

    def top(self) -> set[str]:
        """Top-level field names ("purposes.legal_basis" and "purposes[2].x" -> "purposes")."""
        return {top_field(name) for name in self.notes}

    def flag(self, *names: str) -> str:
        """The tag to print after a value when any of ``names`` is marked, with the notes."""
        if not self.any(*names):
            return ""
        notes = self._notes(names)
        return f" {S.TO_CONFIRM}" + (f" {muted('(' + notes + ')')}" if notes else "")

    def note(self, *names: str) -> str:
        """The notes of the marks on ``names`` as a line of markup ("" when none)."""
        notes = self._notes(names)
        return muted(f"To confirm: {notes}") if notes else ""

    def _notes(self, names: Iterable[str]) -> str:
        return "; ".join(para(n) for name in names for n in self.notes.get(name, ()))


def top_field(name: str) -> str:
    """The record field a name is part of ("purposes[2].lia_reference" -> "purposes")."""
    return name.split(".", 1)[0].split("[", 1)[0]


def confirm_fields(to_confirm: Iterable[str]) -> set[str]:
    """Top-level field names marked to confirm ("purposes.legal_basis: ask legal" -> "purposes")."""
    return Marks(to_confirm).top()
