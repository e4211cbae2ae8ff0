"""What the PDF needs to know beyond one record: names, cross-references, findings.

Every function returning "markup" returns Paragraph markup in which user text
has gone through ``para()``; an empty string means "Not recorded".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ropa_desktop.domain.enums import LabelledEnum
from ropa_desktop.domain.records import (
    ActivityRec,
    ProcessorRec,
    RetentionRuleRec,
    TemplateRec,
)
from ropa_desktop.exporters.pdf import styles as S
from ropa_desktop.exporters.pdf.text import para
from ropa_desktop.services.checks import BLOCKING, Finding
from ropa_desktop.services.interchange import RegisterDoc


@dataclass(frozen=True)
class Lookup:
    """Indexes over one register document."""

    catalogues: dict[str, dict[str, Any]]
    processors: dict[str, ProcessorRec]
    activities: dict[str, ActivityRec]
    rules_by_activity: dict[str, list[RetentionRuleRec]]
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

    def activity_title(self, key: str | None) -> str:
        rec = self.activities.get(key or "")
        if rec is None:
            return para(key) if key else ""
        return f"{para(rec.reference)} {para(rec.name)}"


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


def sub(name: str, value: str, *, confirm: bool = False) -> str:
    """A named part of a value, e.g. "Legal basis: Contract", flagged when to confirm."""
    flag = f" {S.TO_CONFIRM}" if confirm else ""
    return f"{muted(name + ':')} {value or S.NOT_RECORDED}{flag}"


def severity(f: Finding) -> str:
    """The finding's severity as a coloured word."""
    if f.severity == BLOCKING:
        return f'<font color="{S.BLOCKING_INK}"><b>Blocking</b></font>'
    return f'<font color="{S.CONFIRM_INK}"><b>Warning</b></font>'


def finding_line(f: Finding) -> str:
    return f"{severity(f)} {para(f.message)}"


def retention_term(rule: RetentionRuleRec) -> str:
    """Duration (or open-ended term) and trigger of a rule, as markup."""
    if rule.duration_value is not None:
        unit = rule.duration_unit.label if rule.duration_unit else "(unit not recorded)"
        term = para(f"{rule.duration_value} {unit}")
    else:
        term = text(rule.open_ended_term)
    parts = [sub("Term", term, confirm=_confirm(rule, "duration_value", "open_ended_term"))]
    parts.append(sub("Starts at", label(rule.trigger), confirm=_confirm(rule, "trigger")))
    parts.append(
        sub("Then", label(rule.end_of_life_action), confirm=_confirm(rule, "end_of_life_action"))
    )
    return "<br/>".join(parts)


def _confirm(rec: Any, *names: str) -> bool:
    return any(n in rec.to_confirm for n in names)


def confirm_fields(to_confirm: Iterable[str]) -> set[str]:
    """Top-level field names marked to confirm ("purposes.legal_basis" -> "purposes")."""
    return {name.split(".", 1)[0].split("[", 1)[0] for name in to_confirm}
