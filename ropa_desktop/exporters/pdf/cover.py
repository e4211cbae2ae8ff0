"""Cover page, contents and the controller section."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from ropa_desktop.domain.enums import Status
from ropa_desktop.domain.records import OrganisationRec
from ropa_desktop.exporters.pdf import styles as S
from ropa_desktop.exporters.pdf.flowables import Contents, Heading, fields, grid
from ropa_desktop.exporters.pdf.model import (
    Lookup,
    Marks,
    activity_dest,
    findings_lines,
    link,
    noted,
    sub,
    text,
)
from ropa_desktop.exporters.pdf.sign_off import Provenance, produced_text, unapproved
from ropa_desktop.exporters.pdf.text import MONO, para
from ropa_desktop.services.checks import BLOCKING, Finding
from ropa_desktop.services.interchange import RegisterDoc
from ropa_desktop.services.labels import counted

ORGANISATION_LABELS = {
    "name": "Name",
    "address": "Address",
    "registration_number": "Registration number",
    "contact_email": "Contact e-mail",
    "contact_phone": "Contact phone",
    "website": "Website",
    "dpo_name": "DPO name",
    "dpo_email": "DPO e-mail",
    "dpo_phone": "DPO phone",
    "representative_name": "EU representative (Art. 27)",
    "representative_contact": "EU representative contact",
    "supervisory_authority": "Lead supervisory authority",
    "data_subject_rights": "How data subjects exercise their rights",
    "breach_procedure": "Personal data breach procedure",
    "findings": "Open findings",
}
# Free-text fields typed as one item per line: each line prints as a bullet, so that a
# wrapped line does not read as a new item.
_LISTS = {"data_subject_rights"}


# Shorter names inside the cover's grouped rows.
_SHORT = {
    "contact_email": "E-mail",
    "contact_phone": "Phone",
    "dpo_name": "Name",
    "dpo_email": "E-mail",
    "dpo_phone": "Phone",
    "representative_name": "Name",
    "representative_contact": "Contact",
}


@dataclass(frozen=True)
class Meta:
    """Which register this PDF shows."""

    version: int
    as_of: dt.date
    sha256: str
    provenance: Provenance = field(default_factory=Provenance)


def cover(doc: RegisterDoc, meta: Meta, findings: list[Finding]) -> list[Flowable]:
    org = doc.organisation
    name = para(org.name) if org else "Organisation not recorded"
    blocking = sum(1 for f in findings if f.severity == BLOCKING)
    rows = [
        _org_row(org, "Controller", ("name", "address", "registration_number")),
        _org_row(org, "Controller contact", ("contact_email", "contact_phone", "website")),
        _org_row(org, "Data protection officer", ("dpo_name", "dpo_email", "dpo_phone")),
        _org_row(org, "EU representative", ("representative_name", "representative_contact")),
        ("As of", f"<b>{meta.as_of.isoformat()}</b>", False),
        *_provenance_rows(doc, meta),
        ("Processing activities", _activity_count(doc), False),
        ("Processors", str(len(doc.processors)), False),
        ("Retention rules", str(len(doc.retention_rules)), False),
        (
            "Open findings",
            f"{blocking} blocking, {counted(len(findings) - blocking, 'warning')} (Annex D)",
            False,
        ),
        ("SHA-256 of the JSON export", f'<font name="{MONO}" size="8">{meta.sha256}</font>', False),
    ]
    return [
        Spacer(1, 2.5 * cm),
        Paragraph("Record of processing activities", S.COVER_TITLE),
        Paragraph("Article 30 of the General Data Protection Regulation (GDPR)", S.COVER_SUB),
        Paragraph(name, S.COVER_ORG),
        Spacer(1, 1.2 * cm),
        *fields(rows),
        Spacer(1, 0.6 * cm),
        Paragraph(
            "The SHA-256 identifies the register's content: it equals the SHA-256 of the file "
            "written by <b>ropa export json</b> from the same register (for example "
            "<b>sha256sum register.json</b>), so the two can be matched. Fields marked "
            f"{S.TO_CONFIRM} await the DPO's confirmation, of their value or of its absence; "
            "“Not recorded” "
            "means the register holds no value, “None recorded” that it lists none.",
            S.NOTE,
        ),
    ]


def _provenance_rows(doc: RegisterDoc, meta: Meta) -> list[tuple[str, str, bool]]:
    """When and by whom the PDF was produced, the audit trail's length, the approval state."""
    prov = meta.provenance
    rows = []
    if prov.produced_at is not None:
        by = f" by {para(prov.produced_by)}" if prov.produced_by else ""
        rows.append(("Produced", f"{produced_text(prov.produced_at)}{by}", False))
    # The chain's head, which ``ropa audit verify`` prints for the same register; else
    # the number of changes recorded.
    trail = (
        f'<font name="{MONO}" size="8">{prov.chain}</font>'
        if prov.chain
        else counted(meta.version, "change") + " recorded"
    )
    rows.append(("Audit trail", trail, False))
    pending = unapproved(doc)
    if pending:
        state = (
            f'<font color="{S.BLOCKING_INK}"><b>DRAFT</b></font> — '
            f"{counted(len(pending), 'activity', 'activities')} not approved (see Sign-off)"
        )
        rows.append(("Sign-off", state, False))
    elif doc.activities:
        rows.append(("Sign-off", "Every activity in use is approved (see Sign-off)", False))
    return rows


def _activity_count(doc: RegisterDoc) -> str:
    if not doc.activities:
        return "<b>0</b> — the register is empty."
    counts = Counter(a.status for a in doc.activities)
    detail = ", ".join(f"{counts[s]} {s.label.lower()}" for s in Status if counts[s])
    return f"<b>{len(doc.activities)}</b> ({detail})"


def _org_row(
    org: OrganisationRec | None, title: str, fields: tuple[str, ...]
) -> tuple[str, str, bool]:
    if org is None:
        return title, "", False
    marks = Marks(org.to_confirm)
    lines = [
        sub(_SHORT.get(f, ORGANISATION_LABELS[f]), text(getattr(org, f)), marks.flag(f))
        for f in fields
        if getattr(org, f).strip() or marks.any(f)
    ]
    return title, "<br/>".join(lines), marks.any(*fields)


def contents_page(contents: Contents) -> list[Flowable]:
    title = Paragraph("Contents", S.H1)
    title.section = "Contents"
    return [PageBreak(), title, *contents.lines()]


def controller_section(doc: RegisterDoc, lk: Lookup) -> list[Flowable]:
    heading = Heading("Controller", S.H1, level=0, key="controller", outline="Controller")
    org = doc.organisation
    if org is None:
        note = Paragraph("No organisation is recorded in the register.", S.BODY)
        missing = findings_lines(lk.findings.get(("organisation", ""), []))
        return [PageBreak(), heading, note, *fields([("Open findings", missing, False)])]
    marks = Marks(org.to_confirm)
    rows = []
    for f, lbl in ORGANISATION_LABELS.items():
        if f == "findings":
            value = findings_lines(lk.findings.get(("organisation", org.key), []))
        elif f in _LISTS:
            value = _lines(getattr(org, f))
        else:
            value = text(getattr(org, f))
        rows.append((lbl, noted(value, marks.note(f)), marks.any(f)))
    return [PageBreak(), heading, *fields(rows)]


def _lines(value: str) -> str:
    items = [line.strip() for line in value.splitlines() if line.strip()]
    if len(items) < 2:
        return text(value)
    # Lines the user already starts with a bullet keep theirs.
    return "<br/>".join(
        para(item) if item[0] in "•-*–" else f"•&nbsp;{para(item)}" for item in items
    )


def activities_overview(doc: RegisterDoc, findings: list[Finding]) -> list[Flowable]:
    heading = Heading(
        "Processing activities", S.H1, level=0, key="activities", outline="Processing activities"
    )
    if not doc.activities:
        note = "The register is empty: no processing activity is recorded."
        return [PageBreak(), heading, Paragraph(note, S.BODY)]
    counts = Counter(f.entity_key for f in findings if f.entity_type == "activity")
    rows = [
        [
            link(activity_dest(a.key), para(a.reference)),
            link(activity_dest(a.key), para(a.name)),
            para(a.status.label),
            para(a.role.label),
            str(counts[a.key]),
        ]
        for a in doc.activities
    ]
    intro = Paragraph(
        f"The register records {counted(len(doc.activities), 'processing activity', 'processing activities')}. Each starts on a new "
        "page with every field of Article 30; open findings are listed there and in Annex D.",
        S.NOTE,
    )
    table = grid(
        ("Ref.", "Processing activity", "Status", "Role", "Findings"), rows, (2, 8, 2.2, 2.6, 1.6)
    )
    return [PageBreak(), heading, intro, *table]
