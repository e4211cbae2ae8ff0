"""The breach register and the rights-request log in the files people receive: the
review workbook's sheets, the breach register alone as a PDF and a workbook (opened
back with pdftotext and LibreOffice), and ``ropa export breaches``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from ropa_desktop.cli import main
from ropa_desktop.domain.enums import (
    BreachNature,
    BreachRisk,
    EvidenceKind,
    RequestOutcome,
    RequestType,
)
from ropa_desktop.domain.log_records import RightsRequestRec
from ropa_desktop.exporters.breach_register import export_breaches
from ropa_desktop.exporters.xlsx import export_xlsx
from ropa_desktop.services import activities, evidence
from ropa_desktop.services.breaches.records import BREACHES, new_breach
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.services.requests.records import REQUESTS
from tests.factories import complete_activity

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)


def _fill(register: Register) -> None:
    act = activities.save_activity(register, record=complete_activity())
    late = dataclasses.replace(
        new_breach(register, aware_at=dt.datetime(2026, 11, 20, 9, 15, tzinfo=PARIS)),
        name="Laptop stolen from a car",
        natures=(BreachNature.CONFIDENTIALITY,),
        activities=(act.key,),
        subjects_count=1_200,
        risk=BreachRisk.HIGH,
        subject_categories="Customers",
    )
    BREACHES.save(register, record=late)
    told = dataclasses.replace(
        new_breach(register, aware_at=dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.UTC)),
        name="E-mail sent to the wrong list",
        risk=BreachRisk.UNLIKELY,
        risk_reasons="Recipients are staff bound by confidentiality; the e-mail was recalled.",
        closed_on=dt.date(2026, 11, 2),
    )
    BREACHES.save(register, record=told)
    evidence.attach_bytes(
        register, owner_type="breach", owner_key=told.key, data=b"%PDF-1.4\n%%EOF\n",
        file_name="Recall e-mail.pdf", kind=EvidenceKind.NOTIFICATION,
    )  # fmt: skip
    for ref, kind, received, outcome, closed in (
        ("RR-01", RequestType.ACCESS, dt.date(2026, 1, 31), RequestOutcome.GRANTED, dt.date(2026, 2, 20)),
        ("RR-02", RequestType.ERASURE, dt.date(2026, 3, 3), RequestOutcome.NO_DATA, dt.date(2026, 3, 13)),
        ("RR-03", RequestType.ACCESS, dt.date(2026, 10, 1), None, None),
    ):  # fmt: skip
        REQUESTS.save(
            register,
            record=RightsRequestRec(
                key=ref.lower(), reference=ref, request_type=kind, received_on=received,
                outcome=outcome, closed_on=closed,
            ),
        )  # fmt: skip


def test_review_workbook_lists_breaches_requests_and_the_year(
    org_register: Register, tmp_path: Path
) -> None:
    _fill(org_register)
    path = export_xlsx(org_register, tmp_path / "register.xlsx")
    wb = openpyxl.load_workbook(path)
    rows = list(wb["Breaches"].iter_rows(values_only=True))
    assert rows[1][:2] == ("BR-01", "Laptop stolen from a car")
    assert rows[1][3] == "2026-11-20 09:15 (UTC+0100)"
    assert rows[1][9] == "PA-01 · Customer relationship management"
    assert "high-risk breach must be communicated" in rows[1][23]
    assert rows[2][14] == "Unlikely to result in a risk"
    assert rows[2][16].startswith("Not owed")
    requests = list(wb["Rights requests"].iter_rows(values_only=True))
    assert [r[0] for r in requests[1:]] == ["RR-01", "RR-02", "RR-03"]
    assert requests[1][8].date() == dt.date(2026, 2, 28)  # a month after 31 January
    assert requests[3][10] == "Open"
    (year,) = list(wb["Requests by year"].iter_rows(values_only=True))[1:]
    assert year[0] == 2026
    assert year[1].startswith("2026: 3 requests received, median 15 days to answer")
    assert "Access (Art. 15): 2" in year[1]
    (files,) = list(wb["Evidence files"].iter_rows(values_only=True))[1:]
    assert files[:4] == (
        "Recall e-mail.pdf",
        "Notification or correspondence with the authority",
        "Recall e-mail.pdf",
        "BR-02 · E-mail sent to the wrong list",
    )
    assert files[4] == "application/pdf" and len(files[6]) == 64
    findings = [r for r in wb["Findings"].iter_rows(values_only=True) if r[1] == "Rights request"]
    assert findings[0][:4] == ("Blocking", "Rights request", "RR-03", "Access (Art. 15)")


def test_breach_register_alone_as_pdf(org_register: Register, tmp_path: Path) -> None:
    _fill(org_register)
    path = export_breaches(org_register, tmp_path / "breaches.pdf", now=NOW)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    words = " ".join(text.decode().split())
    assert "Register of personal data breaches" in words
    assert "BR-01 · Laptop stolen from a car" in words
    assert "BR-02 · E-mail sent to the wrong list" in words
    assert "2026-11-23 09:15 (UTC+0100)" in words  # the 72 hours, in the zone noted
    assert "must be communicated to the people concerned" in words
    assert "Not owed: judged unlikely to result in a risk" in words  # BR-02
    assert "Recall e-mail.pdf — Notification or correspondence with the authority" in words
    assert "PA-01 · Customer relationship management" in words
    assert "act-crm" not in words and "BreachRisk" not in words
    again = export_breaches(org_register, tmp_path / "again.pdf", now=NOW)
    assert again.read_bytes() == path.read_bytes()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_breach_register_workbook_opens_in_libreoffice(
    sqlite_register: Register, tmp_path: Path
) -> None:
    from ropa_desktop.services.organisation import save_organisation
    from tests.conftest import ORG

    save_organisation(sqlite_register, record=ORG)
    _fill(sqlite_register)
    path = export_breaches(sqlite_register, tmp_path / "breaches.xlsx", now=NOW)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["About", "Breaches"]
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice", f"-env:UserInstallation=file://{profile}", "--headless",
            "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2",
            "--outdir", str(tmp_path / "csv"), str(path),
        ],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    sheet = (tmp_path / "csv" / "breaches-Breaches.csv").read_text(encoding="utf-8")
    assert "Laptop stolen from a car" in sheet
    assert "2026-11-20 09:15 (UTC+0100)" in sheet


def test_cli_exports_the_breach_register_and_refuses_other_endings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    register = open_register(str(db), actor="tester")
    try:
        BREACHES.save(
            register,
            record=dataclasses.replace(new_breach(register, aware_at=NOW), name="Lost USB key"),
        )
    finally:
        register.close()
    assert main(["--db", str(db), "export", "breaches", "-o", str(tmp_path / "b.xlsx")]) == 0
    rows = list(openpyxl.load_workbook(tmp_path / "b.xlsx")["Breaches"].iter_rows(values_only=True))
    assert rows[1][:2] == ("BR-01", "Lost USB key")
    capsys.readouterr()
    assert main(["--db", str(db), "export", "breaches", "-o", str(tmp_path / "b.txt")]) != 0
    err = capsys.readouterr().err.strip()
    assert err.endswith("“b.txt” ends otherwise.")
    assert "Traceback" not in err
    assert not (tmp_path / "b.txt").exists()
