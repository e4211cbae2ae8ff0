"""Annex E: the evidence files the register holds, each with its SHA-256, so that a copy
handed to an auditor can be checked against the register's PDF."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from ropa_desktop.domain.records import record_title
from ropa_desktop.exporters.pdf import styles as S
from ropa_desktop.exporters.pdf.annexes import start
from ropa_desktop.exporters.pdf.flowables import grid
from ropa_desktop.exporters.pdf.model import Lookup
from ropa_desktop.exporters.pdf.text import MONO, para
from ropa_desktop.services.evidence import size_text
from ropa_desktop.services.interchange import RegisterDoc

GONE = "A record no longer in the register"


def evidence_annex(doc: RegisterDoc, lk: Lookup) -> list[Flowable]:
    story = start(4)
    files = doc.evidence or []
    if not files:
        return [*story, Paragraph("No evidence file is attached in the register.", S.BODY)]
    logged = {b.key: record_title(b.reference, b.name) for b in doc.breaches or []}
    logged |= {
        r.key: record_title(r.reference, r.request_type.label) for r in doc.rights_requests or []
    }
    assessed = {a.key: f"Assessment of {lk.processor_name(a.processor)}" for a in doc.assessments}

    def owner(kind: str, key: str) -> str:
        if kind == "activity":
            return lk.activity_link(key) if key in lk.activities else GONE
        if kind == "processor":
            return lk.processor_link(key) if key in lk.processors else GONE
        return para(logged.get(key) or assessed.get(key) or GONE)

    rows = [
        [
            para(f.file_name)
            + (f"<br/><i>{para(f.title)}</i>" if f.title != f.file_name else "")
            + f"<br/>{para(f.kind.label)}",
            owner(f.owner_type, f.owner_key),
            f"{para(f.media_type)}, {para(size_text(f.size))}<br/>added {f.added_at:%Y-%m-%d}",
            f'<font name="{MONO}" size="6.5">{f.sha256[:32]}<br/>{f.sha256[32:]}</font>',
        ]
        for f in files
    ]
    header = ("File and what it proves", "Attached to", "Type, size, added", "SHA-256")
    return [*story, *grid(header, rows, (4.6, 4.2, 3.2, 5.6))]
