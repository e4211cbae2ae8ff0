"""A true "as of": the register as it stood at the end of a past day, from the audit trail."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from ropa_desktop.domain.audit import AuditEvent
from ropa_desktop.domain.errors import RopaError
from ropa_desktop.exporters.json_export import document_bytes
from ropa_desktop.exporters.pdf import export_pdf
from ropa_desktop.services.activities import delete_activity, get_activity, save_activity
from ropa_desktop.services.as_of import register_as_of
from ropa_desktop.services.interchange import RegisterDoc, snapshot, to_document
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.processors import save_processor
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import save_rule
from tests.conftest import ORG
from tests.factories import complete_activity, processor, retention_for
from tests.test_cli import ropa
from tests.test_pdf_export import flat, pages_text

DAY1, DAY2, DAY3 = dt.date(2026, 1, 10), dt.date(2026, 2, 10), dt.date(2026, 3, 10)


def _on(register: Register, day: dt.date) -> None:
    """Make the register's next changes as if at noon on ``day`` (edits on known days; the
    audit trail is append-only, so events are dated as written, not afterwards)."""
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    register.clock = lambda: noon


def _same(a: RegisterDoc, b: RegisterDoc) -> bool:
    def norm(doc: RegisterDoc) -> bytes:
        return document_bytes(
            to_document(
                dataclasses.replace(
                    doc,
                    activities=sorted(doc.activities, key=lambda r: r.key),
                    retention_rules=sorted(doc.retention_rules, key=lambda r: r.key),
                )
            )
        )

    return norm(a) == norm(b)


@pytest.fixture
def history(register: Register) -> tuple[Register, dict[dt.date, RegisterDoc]]:
    reg = register
    _on(reg, DAY1)
    save_organisation(reg, record=ORG)
    save_processor(reg, record=processor())
    save_activity(reg, record=complete_activity(key="act-a", reference="PA-1", name="Payroll"))
    states = {DAY1: snapshot(reg)}
    _on(reg, DAY2)
    first = get_activity(reg, key="act-a")
    save_activity(reg, record=dataclasses.replace(first, name="Payroll and benefits"))
    save_activity(reg, record=complete_activity(key="act-b", reference="PA-2", name="CRM"))
    save_rule(reg, record=retention_for("act-a"))
    states[DAY2] = snapshot(reg)
    _on(reg, DAY3)
    delete_activity(reg, key="act-b", version=get_activity(reg, key="act-b").version)
    states[DAY3] = snapshot(reg)
    return reg, states


def test_the_register_is_rebuilt_as_it_stood_at_the_end_of_each_day(
    history: tuple[Register, dict[dt.date, RegisterDoc]],
) -> None:
    reg, states = history
    for day, expected in states.items():
        state = register_as_of(reg, day)
        assert _same(state.doc, expected), day
    # A day between two edits shows the earlier state; today the register as it is.
    assert _same(register_as_of(reg, DAY2 + dt.timedelta(days=5)).doc, states[DAY2])
    assert _same(register_as_of(reg, dt.date.today()).doc, snapshot(reg))
    with reg.reading() as session:
        total = session.scalar(select(func.count()).select_from(AuditEvent))
    assert register_as_of(reg, DAY3).events == total
    assert register_as_of(reg, DAY1).events < register_as_of(reg, DAY2).events < total


def test_the_pdf_as_of_a_past_day_shows_that_day(
    history: tuple[Register, dict[dt.date, RegisterDoc]], tmp_path: Path
) -> None:
    reg, _states = history
    at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    data = export_pdf(reg, tmp_path / "day1.pdf", as_of=DAY1, produced_at=at).read_bytes()
    text = flat(" ".join(pages_text(data)))
    assert "PA-1 — Payroll " in text and "Payroll and benefits" not in text
    assert "PA-2" not in text
    assert f"As of {DAY1.isoformat()}" in text
    day2 = flat(" ".join(pages_text(export_pdf(reg, tmp_path / "d2.pdf", as_of=DAY2).read_bytes())))
    assert "PA-1 — Payroll and benefits" in day2 and "PA-2 — CRM" in day2
    # Produced now, whatever day it shows; the same day and time give the same bytes.
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta is not None and meta.creation_date == at
    again = export_pdf(reg, tmp_path / "again.pdf", as_of=DAY1, produced_at=at)
    assert again.read_bytes() == data


def test_a_future_day_or_one_before_the_trail_is_refused_in_one_sentence(
    history: tuple[Register, dict[dt.date, RegisterDoc]], tmp_path: Path
) -> None:
    reg, _states = history
    with pytest.raises(RopaError, match=r"^The audit trail begins on 2026-01-10, so"):
        export_pdf(reg, tmp_path / "early.pdf", as_of=DAY1 - dt.timedelta(days=1))
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(RopaError, match=rf"^{tomorrow.isoformat()} is in the future"):
        export_pdf(reg, tmp_path / "late.pdf", as_of=tomorrow)
    assert not list(tmp_path.glob("*.pdf*"))


def test_the_command_line_refuses_a_future_as_of_in_one_sentence(tmp_path: Path) -> None:
    db = str(tmp_path / "r.sqlite")
    assert ropa("--db", db, "demo")[0] == 0
    out = tmp_path / "r.pdf"
    code, _out, err = ropa("--db", db, "export", "pdf", "-o", str(out), "--as-of", "2999-01-01")
    assert code == 2 and err.startswith("ropa: 2999-01-01 is in the future")
    assert err.count("\n") == 1 and "Traceback" not in err and not out.exists()
