"""The breach register as a PDF of its own (see ``exporters.breach_register``)."""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import Flowable, Paragraph, Spacer

from ropa_desktop.domain.log_records import BreachRec, EvidenceRec
from ropa_desktop.exporters.breach_register import ABOUT, TITLE, BreachRegister, about_rows
from ropa_desktop.exporters.pdf import styles as S
from ropa_desktop.exporters.pdf.flowables import Heading, fields
from ropa_desktop.exporters.pdf.layout import RegisterTemplate, Running
from ropa_desktop.exporters.pdf.text import font_coverage, para
from ropa_desktop.services.breaches.duties import (
    BLOCKING,
    duties,
    moment,
    notification_deadline,
)
from ropa_desktop.services.breaches.records import facts, title
from ropa_desktop.services.evidence import size_text
from ropa_desktop.services.labels import field_label


def breach_register_pdf(content: BreachRegister) -> bytes:
    font_coverage()  # registers the fonts before any text is measured
    template = RegisterTemplate(
        Running(
            TITLE,
            content.organisation,
            len(content.breaches),
            content.produced_at.astimezone(dt.UTC).date(),
            content.sha256,
            produced_at=content.produced_at,
        ),
        title=f"{TITLE} — {content.organisation}",
        subject=f"GDPR Article 33(5) register of {content.organisation}; SHA-256 of the "
        f"breaches {content.sha256}",
        creator="ropa-desktop",
    )
    story: list[Flowable] = [
        Paragraph(para(TITLE), S.COVER_TITLE),
        Paragraph(para(content.organisation), S.COVER_ORG),
        Paragraph(para(ABOUT), S.COVER_SUB),
        Spacer(1, 12),
        *fields([(para(label), para(value), False) for label, value in about_rows(content)[3:]]),
        Spacer(1, 12),
    ]
    if not content.breaches:
        story.append(Paragraph("No personal data breach is recorded in the register.", S.BODY))
    for rec in content.breaches:
        story += _breach(rec, content)
    return template.build_pdf(story)


def _when(value: dt.datetime | None) -> str:
    return para(moment(value)) if value is not None else ""


def _lines(items: list[str]) -> str:
    return "<br/>".join(para(i) for i in items)


def _files(files: list[EvidenceRec]) -> str:
    return "<br/>".join(
        f"{para(f.file_name)} — {para(f.kind.label)}, {para(size_text(f.size))}<br/>"
        f'<font size="7">SHA-256 {f.sha256}</font>'
        for f in files
    )


def _breach(rec: BreachRec, content: BreachRegister) -> list[Flowable]:
    heading = Heading(para(title(rec)), S.H2, level=0, key=f"breach-{rec.key}", outline=title(rec))
    out: list[Flowable] = [heading]
    for duty in duties(facts(rec), content.produced_at):
        ink = S.BLOCKING_INK if duty.severity == BLOCKING else S.CONFIRM_INK
        out.append(Paragraph(f'<font color="{ink}"><b>{para(duty.message)}</b></font>', S.BODY))
    occurred = " to ".join(moment(m) for m in (rec.occurred_from, rec.occurred_to) if m)
    named = [content.title("processor", k) for k in rec.processors]
    named += [content.title("system", k) for k in rec.systems]

    def row(name: str, value: str) -> tuple[str, str, bool]:
        return para(field_label(name)), value, name in rec.to_confirm

    out += fields(
        [
            row("description", para(rec.description)),
            (para("Occurred"), para(occurred), "occurred_from" in rec.to_confirm),
            row("aware_at", _when(rec.aware_at)),
            row("natures", _lines([n.label for n in rec.natures])),
            row("subject_categories", para(rec.subject_categories)),
            row(
                "subjects_count",
                f"{rec.subjects_count:,}" if rec.subjects_count is not None else "",
            ),
            row("data_categories", para(rec.data_categories)),
            row("records_count", f"{rec.records_count:,}" if rec.records_count is not None else ""),
            row("activities", _lines([content.title("activity", k) for k in rec.activities])),
            (para("Processors and systems"), _lines(named), False),
            row("consequences", para(rec.consequences)),
            row("measures_taken", para(rec.measures_taken)),
            row("measures_proposed", para(rec.measures_proposed)),
            row("risk", para(rec.risk.label) if rec.risk else ""),
            row("risk_reasons", para(rec.risk_reasons)),
            (
                para(f"Notify {content.authority} by"),
                para(notification_deadline(facts(rec))),
                False,
            ),
            row("notified_at", _when(rec.notified_at)),
            row("authority_reference", para(rec.authority_reference)),
            row("delay_reasons", para(rec.delay_reasons)),
            row("communicated_at", _when(rec.communicated_at)),
            row(
                "no_communication", para(rec.no_communication.label) if rec.no_communication else ""
            ),
            row("closed_on", rec.closed_on.isoformat() if rec.closed_on else ""),
            row("notes", para(rec.notes)),
            (para("Evidence files"), _files(content.evidence.get(rec.key, [])), False),
        ]
    )
    out.append(Spacer(1, 10))
    return out
