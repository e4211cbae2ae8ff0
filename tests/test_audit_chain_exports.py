"""The workbook's Read me and the PDF cover carry the audit trail's head, as ``ropa audit
verify`` prints it, and the same register still exports to the same bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from ropa_desktop.exporters.pdf import export_pdf
from ropa_desktop.exporters.xlsx import export_xlsx
from ropa_desktop.services import activities
from ropa_desktop.services.audit import chain_head, verify_chain
from ropa_desktop.services.register import Register
from tests.factories import complete_activity
from tests.test_pdf_export import flat, pages_text


@pytest.fixture
def saved(org_register: Register) -> Register:
    rec = activities.save_activity(org_register, record=complete_activity())
    activities.save_activity(org_register, record=dataclasses.replace(rec, name="Customer care"))
    return org_register


def _readme(path: Path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)["Read me"]
    return {row[0].value: row[1].value for row in ws.iter_rows(max_col=2) if row[0].value}


def test_the_read_me_carries_the_chain_head_that_verify_prints(
    saved: Register, tmp_path: Path
) -> None:
    head = chain_head(saved)
    assert verify_chain(saved).sentence == f"Audit trail intact: 3 events, head {head.head[:16]}."
    readme = _readme(export_xlsx(saved, tmp_path / "review.xlsx"))
    assert readme["Audit trail"] == (
        f"3 events, head {head.head[:16]} (“ropa audit verify” checks it)"
    )
    activities.save_activity(saved, record=complete_activity("act-hr", "PA-02", name="Hiring"))
    newer = _readme(export_xlsx(saved, tmp_path / "newer.xlsx"))["Audit trail"]
    assert newer == f"4 events, head {chain_head(saved).head[:16]} (“ropa audit verify” checks it)"


def test_the_pdf_cover_carries_the_chain_head_and_stays_byte_stable(
    saved: Register, tmp_path: Path
) -> None:
    at = dt.datetime.now(dt.UTC).replace(microsecond=0)  # as of its day: the register now
    data = export_pdf(saved, tmp_path / "register.pdf", produced_at=at).read_bytes()
    cover = flat(pages_text(data)[0])
    assert f"Audit trail 3 events, head {chain_head(saved).head[:16]}" in cover
    assert export_pdf(saved, tmp_path / "again.pdf", produced_at=at).read_bytes() == data
