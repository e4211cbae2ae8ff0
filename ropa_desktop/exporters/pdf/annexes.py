"""Annexes: processors and assessments, retention schedule, transfers, open findings."""

from __future__ import annotations

from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)

from ropa_desktop.domain.records import AssessmentRec, ProcessorRec
from ropa_desktop.exporters.pdf import styles as S
from ropa_desktop.exporters.pdf.activity import ACTIVITY_LABELS
from ropa_desktop.exporters.pdf.cover import ORGANISATION_LABELS
from ropa_desktop.exporters.pdf.flowables import Heading, fields, grid
from ropa_desktop.exporters.pdf.layout import LANDSCAPE, PORTRAIT
from ropa_desktop.exporters.pdf.model import (
    Lookup,
    bullets,
    confirm_fields,
    day,
    finding_line,
    label,
    muted,
    retention_term,
    severity,
    sub,
    text,
)
from ropa_desktop.exporters.pdf.text import para
from ropa_desktop.services.checks import BLOCKING, Finding
from ropa_desktop.services.interchange import RegisterDoc

PROCESSOR_LABELS = {
    "name": "Processor",
    "services": "Services provided",
    "contact": "Contact",
    "locations": "Processing locations",
    "dpa_signed_on": "Data-processing agreement signed on (Art. 28(3))",
    "dpa_reference": "Agreement reference",
    "transfer_safeguard": "Transfer safeguard",
    "certifications": "Certifications",
    "sub_processors": "Sub-processors",
    "risk_rating": "Risk rating",
    "notes": "Notes",
    "used_by": "Used by activities",
    "findings": "Open findings",
}
_CONTACT = {"contact_name", "contact_email"}
ANNEXES = (
    ("annex-processors", "Annex A — Processors and their assessments"),
    ("annex-retention", "Annex B — Retention schedule"),
    ("annex-transfers", "Annex C — Transfers outside the EEA"),
    ("annex-findings", "Annex D — Open findings"),
)
_ENTITY = {
    "activity": "Activity",
    "processor": "Processor",
    "retention_rule": "Retention rule",
    "organisation": "Organisation",
}


def _start(index: int, page: str = PORTRAIT) -> list[Flowable]:
    key, title = ANNEXES[index]
    heading = Heading(title, S.H1, level=0, key=key, outline=title)
    return [NextPageTemplate(page), PageBreak(), heading]


def processors_annex(doc: RegisterDoc, lk: Lookup) -> list[Flowable]:
    story = _start(0)
    if not doc.processors:
        return [*story, Paragraph("No processor is recorded.", S.BODY)]
    assessments: dict[str, list[AssessmentRec]] = {}
    for a in doc.assessments:
        assessments.setdefault(a.processor, []).append(a)
    users: dict[str, list[str]] = {}
    for act in doc.activities:
        for key in act.processors:
            users.setdefault(key, []).append(lk.activity_title(act.key))
    for i, proc in enumerate(doc.processors, 1):
        # A processor (and each assessment) starts a new page unless it fits whole.
        block: list[Flowable] = [Paragraph(f"A.{i} {para(proc.name)}", S.H2)]
        block += fields(_processor_rows(proc, lk, users.get(proc.key, [])))
        if not assessments.get(proc.key):
            note = "No assessment of this processor is recorded."
            block += [Spacer(1, 4), Paragraph(note, S.NOTE)]
        story.append(KeepTogether(block))
        story += [KeepTogether(_assessment(a, lk)) for a in assessments.get(proc.key, [])]
    return story


def _processor_rows(
    proc: ProcessorRec, lk: Lookup, used_by: list[str]
) -> list[tuple[str, str, bool]]:
    marked = confirm_fields(proc.to_confirm)
    contact = "<br/>".join(
        sub(name, text(value), confirm=field in marked)
        for name, field, value in (
            ("Name", "contact_name", proc.contact_name),
            ("E-mail", "contact_email", proc.contact_email),
        )
    )
    values = {
        "name": para(proc.name),
        "services": text(proc.services),
        "contact": contact,
        "locations": bullets(para(x) for x in proc.locations),
        "dpa_signed_on": day(proc.dpa_signed_on),
        "dpa_reference": text(proc.dpa_reference),
        "transfer_safeguard": label(proc.transfer_safeguard),
        "certifications": bullets(para(x) for x in proc.certifications),
        "sub_processors": text(proc.sub_processors),
        "risk_rating": label(proc.risk_rating),
        "notes": text(proc.notes),
        "used_by": bullets(used_by) or muted("No activity uses this processor."),
        "findings": "<br/>".join(
            finding_line(f) for f in lk.findings.get(("processor", proc.key), [])
        )
        or muted("None."),
    }
    rows = []
    for field, lbl in PROCESSOR_LABELS.items():
        flagged = field in marked or (field == "contact" and bool(marked & _CONTACT))
        rows.append((lbl, values[field], flagged))
    return rows


def _assessment(a: AssessmentRec, lk: Lookup) -> list[Flowable]:
    template = lk.templates.get((a.template, a.template_version))
    name = para(template.name) if template else para(a.template)
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
        Paragraph(f"Assessment: {name} (version {a.template_version})", S.H3),
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
    story = _start(1, LANDSCAPE)
    if not doc.retention_rules:
        return [*story, Paragraph("No retention rule is recorded.", S.BODY)]
    rows = []
    # In the order of the activities they serve (the register is read in that order),
    # rules for no activity last.
    order = {a.key: i for i, a in enumerate(doc.activities)}
    rules = sorted(
        doc.retention_rules, key=lambda r: (order.get(r.activity or "", len(order)), r.key)
    )
    for r in rules:
        marked = set(r.to_confirm)
        where = lk.activity_title(r.activity) or muted("Not linked to an activity")
        data = text(r.data_description)
        if r.data_category:
            data = "<br/>".join(x for x in (lk.name("data_categories", r.data_category), data) if x)
        legal = "<br/>".join(
            x
            for x in (
                text(r.legal_reference),
                sub("Source", text(r.source_reference)) if r.source_reference.strip() else "",
            )
            if x
        )
        cycle = f"every {r.review_cycle_months} months" if r.review_cycle_months else ""
        owner = "<br/>".join(
            [
                sub("Owner", text(r.owner), confirm="owner" in marked),
                sub("Review", cycle, confirm="review_cycle_months" in marked),
                sub("Last reviewed", day(r.last_reviewed_on)),
            ]
        )
        rows.append([f"{where}<br/>{muted(para(r.key))}", data, retention_term(r), legal, owner])
    header = ("Activity", "Data", "Retention", "Legal reference", "Owner and review")
    return [*story, *grid(header, rows, (3.5, 6, 4, 4, 3.5), width=S.WIDE)]


def transfers_annex(doc: RegisterDoc, lk: Lookup) -> list[Flowable]:
    story = _start(2, LANDSCAPE)
    rows = [
        [
            lk.activity_title(a.key),
            text(t.country),
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


def findings_annex(findings: list[Finding], lk: Lookup) -> list[Flowable]:
    story = _start(3)
    if not findings:
        return [*story, Paragraph("No open finding: every check passes.", S.BODY)]
    ordered = sorted(findings, key=lambda f: f.severity != BLOCKING)
    blocking = sum(1 for f in findings if f.severity == BLOCKING)
    story.append(
        Paragraph(
            f"{blocking} blocking findings and {len(findings) - blocking} warnings, as computed "
            "on the “as of” date by the register's checks.",
            S.NOTE,
        )
    )
    rows = [[severity(f), _concerns(f, lk), _field(f), para(f.message)] for f in ordered]
    return [*story, *grid(("Severity", "Concerns", "Field", "Finding"), rows, (2, 5, 3.5, 6.5))]


def _concerns(f: Finding, lk: Lookup) -> str:
    kind = _ENTITY.get(f.entity_type, f.entity_type.replace("_", " ").capitalize())
    if f.entity_type == "activity" and f.entity_key in lk.activities:
        return f"{kind} {lk.activity_title(f.entity_key)}"
    return f"{kind} {para(f.entity_label or f.entity_key)}"


def _field(f: Finding) -> str:
    top, _, rest = f.field.partition("[")
    if f.entity_type == "activity" and top in ACTIVITY_LABELS:
        name = ACTIVITY_LABELS[top]
    elif f.entity_type == "processor" and top in PROCESSOR_LABELS:
        name = PROCESSOR_LABELS[top]
    elif f.entity_type == "organisation" and top in ORGANISATION_LABELS:
        name = ORGANISATION_LABELS[top]
    else:
        name = top.replace("_", " ").replace(".", " → ").capitalize()
    return para(name + (f", item {rest.rstrip(']')}" if rest else ""))
