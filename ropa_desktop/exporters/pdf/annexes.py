"""Annexes A to C: processors and their assessments, retention schedule, transfers."""

from __future__ import annotations

from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
)

from ropa_desktop.domain.records import AssessmentRec, ProcessorRec, RetentionRuleRec
from ropa_desktop.exporters.pdf import styles as S
from ropa_desktop.exporters.pdf.flowables import Heading, fields, grid
from ropa_desktop.exporters.pdf.layout import LANDSCAPE, PORTRAIT
from ropa_desktop.exporters.pdf.model import (
    Lookup,
    Marks,
    anchor,
    bullets,
    day,
    findings_lines,
    label,
    lines,
    muted,
    noted,
    processor_dest,
    retention_term,
    rule_data,
    rule_dest,
    sub,
    text,
    valued,
)
from ropa_desktop.exporters.pdf.text import para
from ropa_desktop.services.countries import country_label
from ropa_desktop.services.interchange import RegisterDoc

# Row labels start with the words findings use for the same field (services.checks.field_label).
PROCESSOR_LABELS = {
    "name": "Name",
    "services": "Services provided",
    "contact_name": "Contact",
    "contact_email": "Contact e-mail",
    "locations": "Processing locations",
    "dpa_signed_on": "DPA signed on (Art. 28(3))",
    "dpa_reference": "DPA reference",
    "transfer_safeguard": "Transfer safeguard",
    "certifications": "Certifications",
    "sub_processors": "Sub-processors",
    "risk_rating": "Risk rating",
    "notes": "Notes",
    "used_by": "Used by activities",
    "assessments": "Assessments",
    "findings": "Open findings",
}
ANNEXES = (
    ("annex-processors", "Annex A — Processors and their assessments"),
    ("annex-retention", "Annex B — Retention schedule"),
    ("annex-transfers", "Annex C — Transfers outside the EEA"),
    ("annex-findings", "Annex D — Open findings"),
    ("annex-evidence", "Annex E — Evidence files"),
)


def rule_order(rule: RetentionRuleRec, lk: Lookup) -> tuple[int, str]:
    """Rules in the order of the activities they serve (the register is read in that
    order), rules for no activity last."""
    return lk.activity_index.get(rule.activity or "", len(lk.activity_index)), rule.key


def start(index: int, page: str = PORTRAIT) -> list[Flowable]:
    key, title = ANNEXES[index]
    heading = Heading(title, S.H1, level=0, key=key, outline=title)
    return [NextPageTemplate(page), PageBreak(), heading]


def processors_annex(doc: RegisterDoc, lk: Lookup) -> list[Flowable]:
    story = start(0)
    if not doc.processors:
        return [*story, Paragraph("No processor is recorded.", S.BODY)]
    assessments: dict[str, list[AssessmentRec]] = {}
    for a in doc.assessments:
        assessments.setdefault(a.processor, []).append(a)
    users: dict[str, list[str]] = {}
    for act in doc.activities:
        for key in act.processors:
            users.setdefault(key, []).append(lk.activity_link(act.key))
    for i, proc in enumerate(doc.processors, 1):
        # A processor (and each assessment) starts a new page unless it fits whole.
        block: list[Flowable] = [processor_heading(i, proc)]
        done = assessments.get(proc.key, [])
        block += fields(_processor_rows(proc, lk, users.get(proc.key, []), done))
        story.append(KeepTogether(block))
        story += [KeepTogether(_assessment(a, lk)) for a in assessments.get(proc.key, [])]
    return story


def processor_heading(number: int, proc: ProcessorRec) -> Heading:
    """A processor's title, listed under Annex A in the contents and the outline."""
    return Heading(
        f"A.{number} {para(proc.name)}",
        S.H2,
        level=1,
        key=processor_dest(proc.key),
        outline=f"A.{number} {proc.name}",
        section=ANNEXES[0][1],
    )


def _processor_rows(
    proc: ProcessorRec, lk: Lookup, used_by: list[str], assessments: list[AssessmentRec]
) -> list[tuple[str, str, bool]]:
    marks = Marks(proc.to_confirm)
    values = {
        "name": para(proc.name),
        "services": text(proc.services),
        "contact_name": text(proc.contact_name),
        "contact_email": text(proc.contact_email),
        "locations": bullets(para(x) for x in proc.locations),
        "dpa_signed_on": day(proc.dpa_signed_on),
        "dpa_reference": text(proc.dpa_reference),
        # Whether a location is outside the EEA is not recorded, so no gap is concluded.
        "transfer_safeguard": label(proc.transfer_safeguard) or S.NONE_RECORDED,
        "certifications": bullets(para(x) for x in proc.certifications),
        "sub_processors": text(proc.sub_processors),
        "risk_rating": label(proc.risk_rating),
        "notes": text(proc.notes),
        "used_by": bullets(used_by) or muted("No activity uses this processor."),
        "assessments": bullets(_assessment_name(a, lk) for a in assessments) or S.NONE_RECORDED,
        "findings": lines(
            findings_lines(lk.findings.get(("processor", proc.key), [])),
            lk.findings_link("processor", proc.key),
        ),
    }
    return [
        (lbl, noted(values[f], marks.note(f)), marks.any(f)) for f, lbl in PROCESSOR_LABELS.items()
    ]


def _assessment_name(a: AssessmentRec, lk: Lookup) -> str:
    template = lk.templates.get((a.template, a.template_version))
    name = para(template.name) if template else para(a.template)
    return f"{name} (version {a.template_version}) — {label(a.status)}"


def _assessment(a: AssessmentRec, lk: Lookup) -> list[Flowable]:
    template = lk.templates.get((a.template, a.template_version))
    questions = {q.code: q for q in template.questions} if template else {}
    score = f"{a.score:.1f}" if a.score is not None else ""
    rows = [
        ("Status", label(a.status), False),
        ("Due / sent", f"{sub('Due', day(a.due_on))}<br/>{sub('Sent', day(a.sent_on))}", False),
        (
            "Answered / reviewed",
            f"{sub('Answered', day(a.answered_on))}<br/>{sub('Reviewed', day(a.reviewed_on))}",
            False,
        ),
        ("Next review", day(a.next_review_on), False),
        ("Score", score, False),
        ("Risk rating", label(a.risk_rating), False),
        ("Findings of the assessment", text(a.findings), False),
    ]
    story: list[Flowable] = [
        Paragraph(f"Assessment: {_assessment_name(a, lk)}", S.H3),
        *fields(rows),
    ]
    if a.answers:
        answer_rows = []
        for ans in a.answers:
            q = questions.get(ans.question)
            question = (
                f"{para(q.text)} {muted('(' + para(q.code) + ')')}" if q else para(ans.question)
            )
            notes = "<br/>".join(x for x in (text(ans.comment), _evidence(ans.evidence)) if x)
            answer_rows.append([question, text(ans.value), notes or "—"])
        story += grid(("Question", "Answer", "Comment and evidence"), answer_rows, (7, 3, 6))
    return story


def _evidence(value: str) -> str:
    return sub("Evidence", para(value)) if value.strip() else ""


def retention_annex(doc: RegisterDoc, lk: Lookup) -> list[Flowable]:
    story = start(1, LANDSCAPE)
    if not doc.retention_rules:
        return [*story, Paragraph("No retention rule is recorded.", S.BODY)]
    rows = []
    rules = sorted(doc.retention_rules, key=lambda r: rule_order(r, lk))
    for r in rules:
        marks = Marks(r.to_confirm)
        where = lk.activity_link(r.activity) or muted("Not linked to an activity")
        where = anchor(rule_dest(r.key)) + lines(where, lk.findings_link("retention_rule", r.key))
        data = rule_data(r, lk) + marks.flag("data_category", "data_description")
        legal = [valued(text(r.legal_reference), marks.flag("legal_reference"))]
        if r.source_reference.strip() or marks.any("source_reference"):
            legal.append(sub("Source", text(r.source_reference), marks.flag("source_reference")))
        cycle = f"every {r.review_cycle_months} months" if r.review_cycle_months else ""
        owner = "<br/>".join(
            [
                sub("Owner", text(r.owner), marks.flag("owner")),
                sub("Review", cycle, marks.flag("review_cycle_months")),
                sub("Last reviewed", day(r.last_reviewed_on), marks.flag("last_reviewed_on")),
            ]
        )
        rows.append([where, data, retention_term(r), "<br/>".join(legal), owner])
    header = ("Activity", "Data", "Retention", "Legal reference", "Owner and review")
    return [*story, *grid(header, rows, (3.2, 4.6, 4, 5.6, 3.6), width=S.WIDE)]


def transfers_annex(doc: RegisterDoc, lk: Lookup) -> list[Flowable]:
    story = start(2, LANDSCAPE)
    rows = [
        [
            lk.activity_link(a.key),
            text(country_label(t.country)),
            text(t.recipient),
            label(t.safeguard) or f'<font color="{S.BLOCKING_INK}">No safeguard recorded</font>',
            "<br/>".join(x for x in (text(t.tia_reference), text(t.note)) if x) or "—",
        ]
        for a in doc.activities
        for t in a.transfers
    ]
    if rows:
        header = ("Activity", "Country", "Recipient", "Safeguard", "Impact assessment and note")
        story += grid(header, rows, (4, 2.5, 3.5, 4, 5), width=S.WIDE)
    else:
        story.append(Paragraph("No activity records a transfer outside the EEA.", S.BODY))
    procs = [p for p in doc.processors if p.transfer_safeguard is not None]
    if procs:
        story.append(Paragraph("Processors with a transfer safeguard", S.H2))
        prow = [
            [para(p.name), bullets(para(x) for x in p.locations), label(p.transfer_safeguard)]
            for p in procs
        ]
        story += grid(
            ("Processor", "Processing locations", "Safeguard"), prow, (5, 5, 5), width=S.WIDE
        )
    return story
