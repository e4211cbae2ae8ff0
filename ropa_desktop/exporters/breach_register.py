"""The breach register on its own (``ropa export breaches -o FILE.pdf|.xlsx``): what a
supervisory authority asks for under Art. 33(5) — the facts of every personal data
breach, its effects and the remedial action taken — with the duties still open.

Both files come from one reading of the register; the PDF repeats the SHA-256 of the
breaches as the JSON export writes them, so the two can be matched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ropa_desktop.domain import Organisation, ProcessingActivity, Processor, System
from ropa_desktop.domain.errors import RopaError
from ropa_desktop.domain.log_records import BreachRec, EvidenceRec
from ropa_desktop.domain.records import record_title, to_plain
from ropa_desktop.exporters.files import write_atomically
from ropa_desktop.exporters.json_export import document_bytes
from ropa_desktop.services.audit import chain_head
from ropa_desktop.services.breaches.records import BREACHES
from ropa_desktop.services.evidence import list_evidence_in
from ropa_desktop.services.labels import counted
from ropa_desktop.services.register import Register

TITLE = "Register of personal data breaches"
ABOUT = (
    "Art. 33(5) GDPR: every personal data breach, its facts, its effects and the remedial "
    "action taken, whether or not it was notified to the supervisory authority."
)


@dataclass(frozen=True)
class BreachRegister:
    """What both files show, read in one transaction."""

    organisation: str
    authority: str
    breaches: list[BreachRec]
    titles: dict[tuple[str, str], str]  # (kind, key) -> "PA-05 · Technical support"
    produced_at: dt.datetime
    chain: str  # the audit trail's head, as the register's exports print it
    evidence: dict[str, list[EvidenceRec]]  # breach key -> its evidence files

    def title(self, kind: str, key: str) -> str:
        return self.titles.get((kind, key), "a record no longer in the register")

    @property
    def sha256(self) -> str:
        """SHA-256 of the breaches as the JSON export writes them."""
        return hashlib.sha256(document_bytes({"breaches": to_plain(self.breaches)})).hexdigest()


def read_breach_register(register: Register, *, now: dt.datetime | None = None) -> BreachRegister:
    with register.reading() as session:
        org = session.scalars(select(Organisation).order_by(Organisation.id)).first()
        breaches = BREACHES.list_in(session)
        titles = _titles(session, breaches)
        files: dict[str, list[EvidenceRec]] = {}
        for f in list_evidence_in(session, owner_type="breach"):
            files.setdefault(f.owner_key, []).append(f)
    return BreachRegister(
        organisation=org.name if org else "Organisation not recorded",
        authority=(org.supervisory_authority if org else "") or "the supervisory authority",
        breaches=breaches,
        titles=titles,
        produced_at=(now or dt.datetime.now(dt.UTC)).replace(microsecond=0),
        chain=chain_head(register).line,
        evidence=files,
    )


def _titles(session: Session, breaches: list[BreachRec]) -> dict[tuple[str, str], str]:
    keys = {
        "activity": {k for b in breaches for k in b.activities},
        "processor": {k for b in breaches for k in b.processors},
        "system": {k for b in breaches for k in b.systems},
    }
    out: dict[tuple[str, str], str] = {}
    if keys["activity"]:
        for key, ref, name in session.execute(
            select(ProcessingActivity.key, ProcessingActivity.reference, ProcessingActivity.name)
            .where(ProcessingActivity.key.in_(keys["activity"]))
        ):  # fmt: skip
            out["activity", key] = record_title(ref, name)
    for kind, model in (("processor", Processor), ("system", System)):
        if keys[kind]:
            for key, name in session.execute(
                select(model.key, model.name).where(model.key.in_(keys[kind]))
            ):
                out[kind, key] = name
    return out


def export_breaches(
    register: Register, path: str | os.PathLike[str], *, now: dt.datetime | None = None
) -> Path:
    """Write the breach register as a PDF or a workbook, by the file name's ending."""
    suffix = Path(path).suffix.casefold()
    if suffix not in (".pdf", ".xlsx"):
        raise RopaError(
            f"The breach register is written as a PDF (.pdf) or an Excel workbook (.xlsx); "
            f"“{Path(path).name}” ends otherwise."
        )
    content = read_breach_register(register, now=now)
    if suffix == ".pdf":
        from ropa_desktop.exporters.pdf.breaches import breach_register_pdf

        return write_atomically(path, breach_register_pdf(content))
    return write_atomically(path, breach_register_xlsx(content))


def breach_register_xlsx(content: BreachRegister) -> bytes:
    from ropa_desktop.exporters.xlsx import log_sheets
    from ropa_desktop.exporters.xlsx.workbook import SheetWriter, new_workbook

    wb = new_workbook()
    wb.properties.title = f"{TITLE} – {content.organisation}"
    wb.properties.subject = "GDPR Article 33(5) register of personal data breaches"
    wb.properties.creator = "ropa-desktop"
    wb.properties.created = wb.properties.modified = content.produced_at.replace(tzinfo=None)
    about = SheetWriter(wb, log_sheets.ABOUT)
    for row in about_rows(content):
        about.write(row)
    about.close()
    sheet = SheetWriter(wb, log_sheets.BREACHES)
    for row in log_sheets.breach_rows(content.breaches, content.title, now=content.produced_at):
        sheet.write(row)
    sheet.close()
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def about_rows(content: BreachRegister) -> list[list[str]]:
    """What the register is, whose, and when it was produced, as (label, value) rows."""
    open_duties = sum(1 for b in content.breaches if b.closed_on is None)
    return [
        ["Register", TITLE],
        ["Controller", content.organisation],
        ["What it holds", ABOUT],
        ["Breaches recorded", f"{counted(len(content.breaches), 'breach', 'breaches')}, "
                              f"{open_duties} not closed"],
        ["Produced on", content.produced_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")],
        ["SHA-256 of the breaches", content.sha256],
        ["Audit trail", content.chain],
    ]  # fmt: skip
