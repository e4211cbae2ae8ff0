"""The retention schedule: what is kept, how long, from which event, then what."""

from __future__ import annotations

from ropa_desktop.domain.records import RetentionRuleRec
from ropa_desktop.services.activities import activity_summaries
from ropa_desktop.services.catalogues import catalogue
from ropa_desktop.services.retention import list_rules
from ropa_desktop.ui.list_page import ListPage
from ropa_desktop.ui.table_model import TableColumn


def term(rule: RetentionRuleRec) -> str:
    if rule.duration_value is not None and rule.duration_unit is not None:
        return f"{rule.duration_value} {rule.duration_unit.label}"
    return rule.open_ended_term or "not given"


class RetentionView(ListPage):
    TITLE = "Retention schedule"
    INTRO = "time limits for erasure (Art. 30(1)(f)), one rule per kind of data"
    COLUMNS = (
        TableColumn("Activity", 200),
        TableColumn("Data", 220),
        TableColumn("Kept for", 170),
        TableColumn("From", 120),
        TableColumn("Then", 120),
        TableColumn("Legal reference"),
    )

    def load_rows(self) -> None:
        register = self.workspace.register
        names = {s.key: f"{s.reference} {s.name}" for s in activity_summaries(register)}
        cats = {c.key: c.name for c in catalogue(register, "data_categories")}
        self._by_key = {r.key: r for r in list_rules(register)}
        rules = sorted(self._by_key.values(), key=lambda r: names.get(r.activity or "", "~"))
        self._names, self._cats = names, cats
        self.model.set_rows(
            [
                (
                    names.get(r.activity or "", "All activities"),
                    r.data_description or cats.get(r.data_category or "", ""),
                    term(r),
                    r.trigger.label if r.trigger else "",
                    r.end_of_life_action.label if r.end_of_life_action else "",
                    r.legal_reference.replace("\n", " "),
                )
                for r in rules
            ],
            keys=[r.key for r in rules],
            warn=[r.duration_value is None and not r.open_ended_term.strip() for r in rules],
        )

    def describe(self, key: object) -> str:
        rule: RetentionRuleRec | None = getattr(self, "_by_key", {}).get(key)
        if rule is None:
            return ""
        lines = [
            f"Activity: {self._names.get(rule.activity or '', 'all activities')}",
            f"Data: {rule.data_description or self._cats.get(rule.data_category or '', '—')}",
            f"Kept for: {term(rule)}"
            + (f" from {rule.trigger.label.lower()}" if rule.trigger else ""),
            f"Then: {rule.end_of_life_action.label if rule.end_of_life_action else 'not given'}",
            f"Legal reference: {rule.legal_reference or '—'}",
            f"Owner: {rule.owner or '—'}",
            f"Review every: {rule.review_cycle_months or '—'} months; last reviewed {rule.last_reviewed_on or '—'}",
            f"Source: {rule.source_reference or '—'}",
        ]
        return "\n".join(lines)
