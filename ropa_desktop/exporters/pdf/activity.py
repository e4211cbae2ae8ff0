"""One section per processing activity: every Art. 30 field as a labelled row."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph

from ropa_desktop.domain.enums import DpiaCriterion, LegalBasis, MeasureKind, Role
from ropa_desktop.domain.records import (
    ActivityRec,
    DataUseRec,
    PurposeRec,
    TransferRec,
    approval_text,
)
from ropa_desktop.exporters.pdf import styles as S
from ropa_desktop.exporters.pdf.flowables import Heading, fields, grid
from ropa_desktop.exporters.pdf.model import (
    Lookup,
    Marks,
    activity_dest,
    bullets,
    day,
    findings_lines,
    label,
    lines,
    link,
    muted,
    noted,
    retention_term,
    rule_data,
    rule_dest,
    sub,
    text,
    top_field,
)
from ropa_desktop.exporters.pdf.text import para
from ropa_desktop.services.art30 import ART30_ELEMENTS, unmet_elements
from ropa_desktop.services.checks import (
    BLOCKING,
    FIELD_LABELS,
    Finding,
    field_label,
    screening,
)
from ropa_desktop.services.countries import country_label

# Row labels in print order; keys are ActivityRec fields (or derived rows).
ACTIVITY_LABELS = {
    "reference": "Reference",
    "name": "Name of the processing",
    "status": "Status",
    "role": "Role of the organisation",
    "owner_department": "Owner department",
    "description": "Description",
    "joint_controllers": "Joint controllers (Art. 26)",
    "purposes": "Purposes and legal bases (Art. 30(1)(b), Art. 6(1))",
    "subject_categories": "Categories of data subjects (Art. 30(1)(c))",
    "data_categories": "Categories of personal data (Art. 30(1)(c))",
    "sources": "Sources of the data",
    "recipients": "Categories of recipients (Art. 30(1)(d))",
    "processors": "Processors (Art. 28)",
    "transfers": "Transfers outside the EEA (Art. 30(1)(e))",
    "retention": "Time limits for erasure (Art. 30(1)(f))",
    "measures": "Security measures (Art. 30(1)(g), Art. 32)",
    "systems": "Systems holding the data",
    "dpia_criteria": "DPIA screening (EDPB criteria)",
    "dpia_reference": "DPIA reference (Art. 35)",
    "automated_decision": "Automated decision-making (Art. 22)",
    "controllers_on_behalf": "Controllers on whose behalf (Art. 30(2)(a))",
    "processing_categories": "Categories of processing (Art. 30(2)(b))",
    "approval": "Approval",
    "last_reviewed_on": "Last reviewed",
    "next_review_on": "Next review",
    "review_cycle_months": "Review cycle",
    "findings": "Open findings",
}
# Rows at the end of a section that stay on one page (approval, review dates, findings).
_KEPT_TOGETHER = 4
# Fields printed inside another field's row.
_PART_OF = {"measures_note": "measures", "automated_decision_note": "automated_decision"}


def activity_title(rec: ActivityRec) -> str:
    return f"{para(rec.reference)} — {para(rec.name)}"


def activity_section(rec: ActivityRec, lk: Lookup) -> list[Flowable]:
    """A new page with the activity's heading and its key/value table."""
    marks = Marks(rec.to_confirm)
    values = _values(rec, lk, marks)
    marked = {_PART_OF.get(n, n) for n in marks.top()}
    found = _findings(rec, lk)
    gaps = _blocking_by_field(found)
    rows = []
    for f, lbl in ACTIVITY_LABELS.items():
        # Notes of marks on a purpose's field print beside that field, not under the row.
        own = [n for n in marks.notes if _PART_OF.get(n, n) == f]
        value = _with_gaps(values[f], gaps.get(f, [])) if f != "findings" else values[f]
        rows.append((lbl, noted(value, marks.note(*own)), f in marked))
    unknown = sorted(n for n in marks.notes if _PART_OF.get(n, top_field(n)) not in ACTIVITY_LABELS)
    if unknown:
        rows.append(("Also marked to confirm", bullets(_unknown(n, marks) for n in unknown), True))
    heading = Heading(
        activity_title(rec),
        S.H1,
        level=1,
        key=activity_dest(rec.key),
        outline=f"{rec.reference} — {rec.name}",
    )
    table = fields(rows)
    # The last rows go to the next page together: never one row alone on a page.
    tail = [KeepTogether(table[-_KEPT_TOGETHER:])] if len(table) > _KEPT_TOGETHER else []
    return [
        PageBreak(),
        heading,
        *checklist(found),
        *table[: len(table) - len(tail) * _KEPT_TOGETHER],
        *tail,
    ]


def _findings(rec: ActivityRec, lk: Lookup) -> list[Finding]:
    """The findings the activity's record answers for: its own, its rules', the controller's."""
    own = list(lk.findings.get(("activity", rec.key), []))
    for rule in lk.rules_by_activity.get(rec.key, []):
        own += lk.findings.get(("retention_rule", rule.key), [])
    own += [f for (kind, _k), fs in lk.findings.items() if kind == "organisation" for f in fs]
    return own


def _blocking_by_field(found: list[Finding]) -> dict[str, list[Finding]]:
    """The blocking findings about the activity's own fields, by the row that shows them."""
    out: dict[str, list[Finding]] = {}
    for f in found:
        if f.severity != BLOCKING or f.entity_type == "organisation":
            continue
        row = "retention" if f.entity_type == "retention_rule" else top_field(f.field)
        out.setdefault(row, []).append(f)
    return out


def _with_gaps(value: str, gaps: list[Finding]) -> str:
    """A field's value with its blocking findings in red inside it."""
    if not gaps:
        return value
    red = f'<font color="{S.BLOCKING_INK}">'
    lines = [value or f"{red}<b>Not recorded</b></font>"]
    lines += [f"{red}<b>Blocking:</b> {para(f.message)}</font>" for f in gaps]
    return "<br/>".join(lines)


def checklist(found: list[Finding]) -> list[Flowable]:
    """The seven elements of Art. 30(1), met or missing, from the findings the register shows."""
    unmet = unmet_elements(found)
    header = [f"{e.letter.join('()')} {e.label}" for e in ART30_ELEMENTS]
    row = [
        f'<font color="{S.BLOCKING_INK}"><b>✗ Missing</b></font>'
        if e.letter in unmet
        else f'<font color="{S.MET_INK}"><b>✓ Met</b></font>'
        for e in ART30_ELEMENTS
    ]
    missing = len(unmet)
    where = []
    if set(unmet) - {"a"}:
        where.append("each gap of the activity shows in red in its field below")
    if "a" in unmet:
        where.append("the controller's details (a) are incomplete on the Controller page")
    note = (
        "Art. 30(1): all seven elements are recorded."
        if not missing
        else f"Art. 30(1): {missing} of the seven elements {'is' if missing == 1 else 'are'} "
        f"missing; {', '.join(where)}."
    )
    return [Paragraph(note, S.NOTE), *grid(header, [row], [1] * len(ART30_ELEMENTS))]


def _unknown(name: str, marks: Marks) -> str:
    # A name no activity field has is printed as stored: a made-up label would hide that.
    shown = field_label(name) if name in FIELD_LABELS else para(name)
    note = marks.note(name)
    return f"{shown} — {note}" if note else shown


def _values(rec: ActivityRec, lk: Lookup, marks: Marks) -> dict[str, str]:
    processor_role = rec.role is Role.PROCESSOR
    not_processor = muted(f"Not applicable: the organisation acts as {rec.role.label.lower()}.")
    return {
        "reference": para(rec.reference),
        "name": para(rec.name),
        "status": label(rec.status),
        "role": label(rec.role),
        "owner_department": text(rec.owner_department),
        "description": text(rec.description),
        # A joint controller must name the others; anyone else may simply have none.
        "joint_controllers": text(rec.joint_controllers)
        or ("" if rec.role is Role.JOINT_CONTROLLER else S.NONE_RECORDED),
        "purposes": "<br/>".join(_purpose(i, p, marks) for i, p in enumerate(rec.purposes, 1)),
        "subject_categories": bullets(_subject(k, lk) for k in rec.subject_categories),
        "data_categories": bullets(_data_use(u, lk) for u in rec.data_categories),
        "sources": bullets(
            f"{para(s.channel)}{_dash(s.description)} "
            + muted(
                "(from the data subject)" if s.from_data_subject else "(not from the data subject)"
            )
            for s in rec.sources
        ),
        "recipients": bullets(
            f"{lk.name('recipient_categories', r.category)}{_kind(lk, r.category)}{_dash(r.detail)}"
            for r in rec.recipients
        ),
        "processors": bullets(lk.processor_link(k) for k in rec.processors),
        "transfers": bullets(_transfer(t) for t in rec.transfers) or S.NONE_RECORDED,
        "retention": bullets(
            f"{link(rule_dest(r.key), rule_data(r, lk))}<br/>{retention_term(r)}"
            for r in lk.rules_by_activity.get(rec.key, [])
        ),
        "measures": _measures(rec, lk),
        "systems": bullets(_system(k, lk) for k in rec.systems),
        "dpia_criteria": _dpia(rec, lk),
        "dpia_reference": text(rec.dpia_reference),
        "automated_decision": _automated(rec, marks),
        "controllers_on_behalf": text(rec.controllers_on_behalf)
        if processor_role or rec.controllers_on_behalf.strip()
        else not_processor,
        "processing_categories": text(rec.processing_categories)
        if processor_role or rec.processing_categories.strip()
        else not_processor,
        "approval": para(approval_text(rec)),
        "last_reviewed_on": day(rec.last_reviewed_on),
        "next_review_on": day(rec.next_review_on),
        "review_cycle_months": para(f"{rec.review_cycle_months} months")
        if rec.review_cycle_months
        else S.NONE_RECORDED,
        "findings": lines(
            findings_lines(lk.findings.get(("activity", rec.key), [])),
            lk.findings_link("activity", rec.key),
        ),
    }


def _automated(rec: ActivityRec, marks: Marks) -> str:
    """Yes or No, and the note on the line below. Unticked while marked to confirm is not
    a recorded "No": whether there is such a decision awaits confirmation."""
    if rec.automated_decision:
        answer = "Yes"
    elif marks.any("automated_decision"):
        answer = muted("Not confirmed: no such decision is recorded")
    else:
        answer = "No"
    return lines(answer, text(rec.automated_decision_note))


def _dash(value: str) -> str:
    return f" — {para(value)}" if value.strip() else ""


def _purpose(number: int, p: PurposeRec, marks: Marks) -> str:
    def flag(name: str) -> str:
        return marks.flag(f"purposes.{name}", f"purposes[{number}].{name}")

    lines = [f"<b>{number}.</b> {text(p.description) or S.NOT_RECORDED}"]
    lines.append(sub("Legal basis", label(p.legal_basis), flag("legal_basis")))
    if p.legal_basis_detail.strip() or flag("legal_basis_detail"):
        lines.append(sub("Detail", text(p.legal_basis_detail), flag("legal_basis_detail")))
    # A balancing test belongs to Art. 6(1)(f) and a consent mechanism to Art. 6(1)(a); under
    # another basis their absence is no gap, so they print only when recorded.
    if p.legal_basis is LegalBasis.LEGITIMATE_INTERESTS or p.lia_reference.strip():
        lines.append(sub("Balancing test (LIA)", text(p.lia_reference), flag("lia_reference")))
    if p.legal_basis is LegalBasis.CONSENT or p.consent_mechanism.strip():
        lines.append(sub("Consent is given", text(p.consent_mechanism), flag("consent_mechanism")))
    if p.legal_basis is LegalBasis.CONSENT or p.consent_withdrawal.strip():
        lines.append(
            sub("Consent is withdrawn", text(p.consent_withdrawal), flag("consent_withdrawal"))
        )
    return "<br/>".join(lines)


def _subject(key: str, lk: Lookup) -> str:
    rec = lk.entry("subject_categories", key)
    extra = muted(" (vulnerable persons)") if rec is not None and rec.vulnerable else ""
    return lk.name("subject_categories", key) + extra


def _data_use(use: DataUseRec, lk: Lookup) -> str:
    cat = lk.entry("data_categories", use.category)
    out = f"<b>{lk.name('data_categories', use.category)}</b>"
    if cat is not None and cat.special:
        cond = label(use.art9_condition) or f'<font color="{S.BLOCKING_INK}">none recorded</font>'
        out += f"<br/>{sub('Special category (Art. 9), condition', cond)}"
    if (cat is not None and cat.criminal) or use.art10_basis.strip():
        out += (
            f"<br/>{sub('Criminal-offence data (Art. 10), authorised by', text(use.art10_basis))}"
        )
    if use.note.strip():
        out += f"<br/>{muted(para(use.note))}"
    return out


def _kind(lk: Lookup, key: str) -> str:
    rec = lk.entry("recipient_categories", key)
    return muted(f" ({para(rec.kind.label)})") if rec is not None else ""


def _transfer(t: TransferRec) -> str:
    safeguard = label(t.safeguard) or f'<font color="{S.BLOCKING_INK}">no safeguard recorded</font>'
    parts = [
        f"<b>{text(country_label(t.country)) or 'Country not recorded'}</b>{_dash(t.recipient)}"
    ]
    parts.append(sub("Safeguard", safeguard))
    if t.tia_reference.strip():
        parts.append(sub("Transfer impact assessment", para(t.tia_reference)))
    if t.note.strip():
        parts.append(muted(para(t.note)))
    return "<br/>".join(parts)


def _measures(rec: ActivityRec, lk: Lookup) -> str:
    lines = []
    for kind in MeasureKind:
        names = [
            lk.name("security_measures", k)
            for k in rec.measures
            if getattr(lk.entry("security_measures", k), "kind", MeasureKind.TECHNICAL) is kind
        ]
        if names:
            lines.append(sub(kind.label, "; ".join(names)))
    if rec.measures_note.strip():
        lines.append(para(rec.measures_note))
    return "<br/>".join(lines)


def _system(key: str, lk: Lookup) -> str:
    rec = lk.entry("systems", key)
    where = f" {muted('(' + para(rec.location) + ')')}" if rec is not None and rec.location else ""
    return lk.name("systems", key) + where


def _dpia(rec: ActivityRec, lk: Lookup) -> str:
    # Special-category or criminal data meets "sensitive data" whether ticked or not.
    criteria = screening(rec, lk.catalogues.get("data_categories", {}))
    met = len(criteria)
    total = len(DpiaCriterion)
    if met >= 2:
        verdict = f'<font color="{S.BLOCKING_INK}"><b>a DPIA is required</b></font> (two or more)'
    else:
        verdict = "fewer than two, so the screening does not require a DPIA"
    head = f"{met} of {total} criteria marked: {verdict}."
    return "<br/>".join([head, bullets(label(c) for c in criteria)]).removesuffix("<br/>")
