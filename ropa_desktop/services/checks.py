"""Register checks: what an auditor would flag, as findings with a severity."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from ropa_desktop.domain.enums import DpiaCriterion, LegalBasis, Role, Status
from ropa_desktop.domain.records import (
    ActivityRec,
    DataCategoryRec,
    OrganisationRec,
    ProcessorRec,
    RetentionRuleRec,
)
from ropa_desktop.services.countries import as_code
from ropa_desktop.services.countries import in_eea as country_in_eea
from ropa_desktop.services.labels import FIELD_LABELS as FIELD_LABELS  # re-exported
from ropa_desktop.services.labels import field_label as field_label
from ropa_desktop.services.labels import to_confirm_message as to_confirm_message
from ropa_desktop.services.transfer_checks import transfer_problems

BLOCKING = "blocking"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    entity_type: str
    entity_key: str
    entity_label: str
    field: str
    message: str


@dataclass(frozen=True)
class CheckContext:
    """What activity checks need to know about the rest of the register."""

    data_categories: Mapping[str, DataCategoryRec]
    processors: Mapping[str, ProcessorRec] = field(default_factory=dict)
    retention_rules: tuple[RetentionRuleRec, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)

    @cached_property
    def _rules_by_activity(self) -> dict[str | None, list[RetentionRuleRec]]:
        # Indexed once: scanning every rule for every activity is quadratic on a big register.
        index: dict[str | None, list[RetentionRuleRec]] = {}
        for r in self.retention_rules:
            index.setdefault(r.activity, []).append(r)
        return index

    def retention_for(self, activity_key: str) -> list[RetentionRuleRec]:
        return list(self._rules_by_activity.get(activity_key, ()))


# The Art. 30 requirements counted by the completeness indicator: code -> label.
REQUIREMENTS = {
    "missing_purpose": "purposes",
    "missing_legal_basis": "legal bases",
    "missing_subjects": "data subjects",
    "missing_data_categories": "personal data",
    "missing_recipients": "recipients",
    "missing_retention": "retention",
    "missing_measures": "security measures",
}


def activity_findings(rec: ActivityRec, ctx: CheckContext) -> list[Finding]:
    """Findings about one activity; retired activities have none."""
    if rec.status is Status.RETIRED:
        return []
    out: list[Finding] = []

    def add(code: str, fld: str, message: str, severity: str = BLOCKING) -> None:
        out.append(Finding(code, severity, "activity", rec.key, rec.name, fld, message))

    if not rec.purposes:
        add("missing_purpose", "purposes", "No purpose is recorded (Art. 30(1)(b)).")
    for i, p in enumerate(rec.purposes, 1):
        # Named by number and by its first words, as the reader finds it in the record.
        words = " ".join(p.description.split())
        named = f"Purpose {i} (“{words if len(words) <= 50 else words[:49].rstrip() + '…'}”)"
        if p.legal_basis is None:
            add(
                "missing_legal_basis",
                f"purposes[{i}]",
                f"{named} has no Art. 6(1) legal basis.",
            )
        elif p.legal_basis is LegalBasis.CONSENT and not p.consent_withdrawal.strip():
            add(
                "consent_without_withdrawal",
                f"purposes[{i}]",
                f"{named} relies on consent but does not say how it can be withdrawn (Art. 7(3)).",
            )
        elif p.legal_basis is LegalBasis.LEGITIMATE_INTERESTS and not p.lia_reference.strip():
            add(
                "legitimate_interest_without_lia",
                f"purposes[{i}]",
                f"{named} relies on legitimate interests without a balancing-test reference.",
                WARNING,
            )
    if not rec.subject_categories:
        add(
            "missing_subjects",
            "subject_categories",
            "No category of data subjects (Art. 30(1)(c)).",
        )
    if not rec.data_categories:
        add(
            "missing_data_categories",
            "data_categories",
            "No category of personal data (Art. 30(1)(c)).",
        )
    if not rec.recipients:
        add("missing_recipients", "recipients", "No category of recipients (Art. 30(1)(d)).")
    rules = ctx.retention_for(rec.key)
    if not rules:
        add(
            "missing_retention",
            "retention",
            "No retention rule: time limits for erasure (Art. 30(1)(f)).",
        )
    if not rec.measures and not rec.measures_note.strip():
        add(
            "missing_measures",
            "measures",
            "No security measure is described (Art. 30(1)(g), Art. 32).",
        )
    for problem in transfer_problems(rec.transfers, ctx.today):
        add(problem.code, problem.field, problem.message, BLOCKING if problem.blocking else WARNING)
    for i, use in enumerate(rec.data_categories, 1):
        cat = ctx.data_categories.get(use.category)
        if cat is None:
            continue
        if cat.special and use.art9_condition is None:
            add(
                "special_without_condition",
                f"data_categories[{i}]",
                f"Special-category data “{cat.name}” has no Art. 9(2) condition.",
            )
        if cat.criminal and not use.art10_basis.strip():
            add(
                "criminal_without_basis",
                f"data_categories[{i}]",
                f"Criminal-offence data “{cat.name}” has no Art. 10 authorisation.",
            )
    criteria = screening(rec, ctx.data_categories)
    if len(criteria) >= 2 and not rec.dpia_reference.strip():
        add(
            "dpia_required",
            "dpia_reference",
            f"{len(criteria)} EDPB criteria are met, so a DPIA is required (Art. 35); "
            "no DPIA is referenced.",
        )
    if rec.role is Role.PROCESSOR and not rec.controllers_on_behalf.strip():
        add(
            "missing_controllers",
            "controllers_on_behalf",
            "Processing as a processor without the controllers on whose behalf (Art. 30(2)(a)).",
        )
    if rec.next_review_on is not None and rec.next_review_on < ctx.today:
        add("review_overdue", "next_review_on", f"Review was due on {rec.next_review_on}.", WARNING)
    for name in rec.to_confirm:
        add("to_confirm", name, to_confirm_message(name), WARNING)
    return out


def holds_sensitive_data(rec: ActivityRec, categories: Mapping[str, DataCategoryRec]) -> bool:
    """True when the activity holds special-category (Art. 9) or criminal (Art. 10) data."""
    for use in rec.data_categories:
        cat = categories.get(use.category)
        if cat is not None and (cat.special or cat.criminal):
            return True
    return False


def screening(
    rec: ActivityRec, categories: Mapping[str, DataCategoryRec]
) -> tuple[DpiaCriterion, ...]:
    """The EDPB criteria the activity meets: those ticked, and "sensitive data" whenever it
    holds special-category or criminal data, ticked or not."""
    sensitive = DpiaCriterion.SENSITIVE_DATA
    if sensitive not in rec.dpia_criteria and holds_sensitive_data(rec, categories):
        return (*rec.dpia_criteria, sensitive)
    return rec.dpia_criteria


def missing_requirements(rec: ActivityRec, ctx: CheckContext) -> tuple[str, ...]:
    """The REQUIREMENTS codes the activity lacks, in their order; a retired one lacks none."""
    if rec.status is Status.RETIRED:
        return ()
    codes = {f.code for f in activity_findings(rec, ctx)}
    return tuple(code for code in REQUIREMENTS if code in codes)


def completeness(rec: ActivityRec, ctx: CheckContext) -> tuple[int, int]:
    """(requirements met, requirements counted) for the completeness indicator."""
    return len(REQUIREMENTS) - len(missing_requirements(rec, ctx)), len(REQUIREMENTS)


# The names a register uses for the whole area; a country is in the EEA by its code
# (services.countries). Anything else may be a third country (Chapter V).
_WHOLE_AREA = frozenset(["eu", "eea", "european-union", "european-economic-area"])


def in_eea(location: str) -> bool:
    """True when a processing location names an EEA country or the EU/EEA as a whole
    ("Frankfurt, Germany", "Dublin (Ireland)", "European Union", "Allemagne")."""
    parts = re.split(r"[,;/()\n]+", location)
    for part in parts:
        if "-".join(part.casefold().split()) in _WHOLE_AREA:
            return True
        code = as_code(part) if part.strip() else None
        if code is not None and country_in_eea(code):
            return True
    return False


def processor_findings(rec: ProcessorRec) -> list[Finding]:
    out = []
    outside = [loc for loc in rec.locations if loc.strip() and not in_eea(loc)]
    if outside and rec.transfer_safeguard is None:
        out.append(
            Finding(
                "processor_transfer_without_safeguard",
                WARNING,
                "processor",
                rec.key,
                rec.name,
                "transfer_safeguard",
                f"“{rec.name}” processes data in {', '.join(outside)}, which may be outside the "
                "EEA, and no transfer safeguard is recorded (Chapter V).",
            )
        )
    if rec.dpa_signed_on is None:
        out.append(
            Finding(
                "processor_without_dpa",
                BLOCKING,
                "processor",
                rec.key,
                rec.name,
                "dpa_signed_on",
                f"No signed data-processing agreement (Art. 28(3)) with “{rec.name}”.",
            )
        )
    for name in rec.to_confirm:
        out.append(
            Finding(
                "to_confirm",
                WARNING,
                "processor",
                rec.key,
                rec.name,
                name,
                to_confirm_message(name),
            )
        )
    return out


def organisation_findings(rec: OrganisationRec) -> list[Finding]:
    out = []

    def add(code: str, fld: str, message: str, severity: str = BLOCKING) -> None:
        out.append(Finding(code, severity, "organisation", rec.key, rec.name, fld, message))

    if not (rec.contact_email.strip() or rec.address.strip() or rec.contact_phone.strip()):
        add(
            "missing_controller_contact",
            "contact_email",
            "No contact details of the controller (Art. 30(1)(a)).",
        )
    if not (rec.dpo_name.strip() or rec.dpo_email.strip()):
        add(
            "missing_dpo", "dpo_name", "No data protection officer or contact is recorded.", WARNING
        )
    for name in rec.to_confirm:
        add("to_confirm", name, to_confirm_message(name), WARNING)
    return out


def retention_findings(
    rules: Iterable[RetentionRuleRec], labels: Mapping[str, str]
) -> list[Finding]:
    """Rules without a term, and fields marked to confirm.

    ``labels`` names each rule by its key (see ``retention_schedule.rule_label``:
    "PA-03 Newsletter — Identity"); a rule missing from it is named by its data.
    """
    out = []
    for r in rules:
        label = labels.get(r.key) or " ".join(r.data_description.split())[:60] or r.key
        if r.duration_value is None and not r.open_ended_term.strip():
            out.append(
                Finding(
                    "retention_without_term",
                    BLOCKING,
                    "retention_rule",
                    r.key,
                    label,
                    "duration_value",
                    "The rule gives neither a duration nor an open-ended term.",
                )
            )
        for name in r.to_confirm:
            out.append(
                Finding(
                    "to_confirm",
                    WARNING,
                    "retention_rule",
                    r.key,
                    label,
                    name,
                    to_confirm_message(name),
                )
            )
    return out
