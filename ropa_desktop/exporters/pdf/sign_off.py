"""The sign-off page: who prepared each activity, who approved it and when; the DRAFT rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Table, TableStyle

from ropa_desktop.domain.enums import Status
from ropa_desktop.domain.records import ActivityRec
from ropa_desktop.exporters.pdf import styles as S
from ropa_desktop.exporters.pdf.flowables import Heading, grid
from ropa_desktop.exporters.pdf.model import Lookup, muted
from ropa_desktop.exporters.pdf.text import para
from ropa_desktop.services.interchange import RegisterDoc
from ropa_desktop.services.labels import counted
from ropa_desktop.services.sign_off import Prepared

SIGN_OFF = "Sign-off"


@dataclass(frozen=True)
class Provenance:
    """When and by whom this PDF was produced, and who prepared each activity.

    Without ``produced_at`` (a PDF built from a document, in tests and benches) the
    file records no production time, so the same document gives the same bytes.
    """

    produced_at: dt.datetime | None = None
    produced_by: str = ""
    prepared: Mapping[str, Prepared] = field(default_factory=dict)
    chain: str = ""  # the audit trail's head as produced (``ChainHead.line``)


def unapproved(doc: RegisterDoc) -> list[ActivityRec]:
    """The activities in use that are not approved: while any is, the PDF is a draft."""
    return [a for a in doc.activities if a.status not in (Status.APPROVED, Status.RETIRED)]


def produced_text(at: dt.datetime) -> str:
    """A production time as the PDF prints it, in UTC."""
    return f"{at.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC"


def sign_off_section(doc: RegisterDoc, lk: Lookup, prov: Provenance) -> list[Flowable]:
    heading = Heading(SIGN_OFF, S.H1, level=0, key="sign-off", outline=SIGN_OFF)
    story: list[Flowable] = [PageBreak(), heading]
    pending = unapproved(doc)
    if not doc.activities:
        story.append(Paragraph("The register is empty: there is nothing to sign off.", S.BODY))
        return story
    if pending:
        verdict = (
            f'<font color="{S.BLOCKING_INK}"><b>DRAFT</b></font>: '
            f"{counted(len(pending), 'activity is', 'activities are')} not approved, so every "
            "page of this PDF is marked DRAFT."
        )
    else:
        verdict = "Every processing activity in use is approved."
    story.append(Paragraph(verdict, S.BODY))
    story.append(
        Paragraph(
            "Prepared by: everyone whose change to the activity's content the audit trail "
            "records, first to last. Approved by and on: the "
            "approval recorded on the activity, for the version shown.",
            S.NOTE,
        )
    )
    rows = [
        [
            lk.activity_link(a.key),
            para(a.status.label),
            _prepared(prov.prepared.get(a.key)),
            para(a.approved_by) if a.approved_on else muted("Not approved"),
            _approved_on(a),
        ]
        for a in doc.activities
    ]
    header = ("Processing activity", "Status", "Prepared by", "Approved by", "Approved on")
    return [*story, *grid(header, rows, (5.5, 2, 3.6, 2.8, 2.6)), signatures()]


def _prepared(prep: Prepared | None) -> str:
    if prep is None:
        return muted("Not in the audit trail")
    return para(", ".join(prep.actors))


def _approved_on(a: ActivityRec) -> str:
    if a.approved_on is None:
        return "—"
    version = f"<br/>{muted(f'version {a.approved_version}')}" if a.approved_version else ""
    return a.approved_on.isoformat() + version


SIGNERS = ("Prepared by (data protection officer)", "Approved for the controller")
_SIGN_LINES = ("Name", "Role", "Date", "Signature")


def signatures() -> Flowable:
    """Where the people who sign the register off write their name, role, date and sign."""
    gap = 1 * cm  # between the two signers' columns, so that their lines do not meet
    cells: list[list[Flowable | str]] = [
        [Paragraph(f"<b>{SIGNERS[0]}</b>", S.CELL), "", Paragraph(f"<b>{SIGNERS[1]}</b>", S.CELL)]
    ]
    for line in _SIGN_LINES:
        cells.append([Paragraph(muted(line), S.SMALL), "", Paragraph(muted(line), S.SMALL)])
    half = (S.WIDTH - gap) / 2
    table = Table(cells, colWidths=[half, gap, half], rowHeights=[18] + [30] * len(_SIGN_LINES))
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), S.SANS),
                ("VALIGN", (0, 1), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                # A line to write on under each name, role, date and signature.
                ("LINEBELOW", (0, 1), (0, -1), 0.5, S.MUTED),
                ("LINEBELOW", (2, 1), (2, -1), 0.5, S.MUTED),
            ]
        )
    )
    return KeepTogether([Paragraph("Signatures", S.H2), table])
