"""Evidence files: stored in the register with their SHA-256, size and sniffed type,
capped, hostile names and programs refused, audited, shared by a team (SQLite and
PostgreSQL), and a record with evidence is not deleted under it."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import text

from ropa_desktop.domain.enums import EvidenceKind
from ropa_desktop.domain.errors import (
    ConflictError,
    InUseError,
    NotFoundError,
    RopaError,
    StoreError,
)
from ropa_desktop.services import activities, evidence, processors
from ropa_desktop.services.audit import audit_log
from ropa_desktop.services.breaches.records import BREACHES, new_breach
from ropa_desktop.services.register import Register
from tests.factories import complete_activity, processor

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01" + b"\0" * 60


def test_attached_file_keeps_its_bytes_hash_and_real_type(
    org_register: Register, tmp_path: Path
) -> None:
    proc = processors.save_processor(org_register, record=processor())
    path = tmp_path / "Signed DPA.docx"  # named as a Word file, but it is a PDF
    path.write_bytes(PDF)
    rec = evidence.attach(
        org_register, owner_type="processor", owner_key=proc.key, path=path,
        kind=EvidenceKind.DPA, title="DPA signed 2026-03-01",
    )  # fmt: skip
    assert rec.media_type == "application/pdf"
    assert rec.size == len(PDF)
    assert rec.sha256 == hashlib.sha256(PDF).hexdigest()
    assert rec.file_name == "Signed DPA.docx"
    assert evidence.list_evidence(org_register, owner_type="processor", owner_key=proc.key) == [rec]
    back, data = evidence.content(org_register, key=rec.key)
    assert data == PDF and back == rec
    copy = evidence.viewing_copy(org_register, key=rec.key, folder=tmp_path)
    assert copy.name == "Signed DPA.pdf" and copy.read_bytes() == PDF
    (event,) = audit_log(org_register, entity_key=rec.key)
    assert event.entity_label == "Signed DPA.docx, attached to the processor “Mailer GmbH”"
    assert event.changes["sha256"]["after"] == rec.sha256


def test_cap_programs_empty_and_hostile_names(
    org_register: Register, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    act = activities.save_activity(org_register, record=complete_activity())

    def attach(name: str, data: bytes) -> object:
        return evidence.attach_bytes(
            org_register, owner_type="activity", owner_key=act.key, data=data, file_name=name
        )

    monkeypatch.setattr(evidence, "MAX_BYTES", 1024)
    with pytest.raises(RopaError, match=r"“big.pdf” is 2 KB; an evidence file may be at most 1 KB"):
        attach("big.pdf", PDF + b"x" * 2048)
    with pytest.raises(RopaError, match="is a program"):
        attach("invoice.pdf", ELF)
    with pytest.raises(RopaError, match="is empty"):
        attach("blank.txt", b"")
    hostile = attach("../../etc/\x1b[31mpasswd\u202e.txt", "line one\nligne deux é\n".encode())
    assert hostile.file_name == "_[31mpasswd_.txt"
    assert hostile.media_type == "text/plain"
    assert attach(".hidden", b"\x00\x01\x02").file_name == "hidden"
    with pytest.raises(NotFoundError):
        evidence.attach_bytes(
            org_register, owner_type="activity", owner_key="gone", data=PDF, file_name="x.pdf"
        )
    assert len(evidence.list_evidence(org_register)) == 2


def test_a_file_changed_behind_the_app_is_refused_on_reading(org_register: Register) -> None:
    act = activities.save_activity(org_register, record=complete_activity())
    rec = evidence.attach_bytes(
        org_register, owner_type="activity", owner_key=act.key, data=PDF, file_name="lia.pdf"
    )
    with org_register.engine.begin() as con:
        con.execute(text("UPDATE evidence_file SET content = :c"), {"c": PDF + b"tampered"})
    with pytest.raises(StoreError, match="no longer matches the SHA-256"):
        evidence.content(org_register, key=rec.key)


def test_records_with_evidence_are_not_deleted_and_removal_is_audited(
    org_register: Register,
) -> None:
    act = activities.save_activity(org_register, record=complete_activity())
    breach = BREACHES.save(
        org_register,
        record=dataclasses.replace(
            new_breach(org_register, aware_at=dt.datetime(2026, 11, 30, tzinfo=dt.UTC)),
            name="Lost key",
        ),
    )
    on_act = evidence.attach_bytes(
        org_register, owner_type="activity", owner_key=act.key, data=PDF, file_name="dpia.pdf"
    )
    evidence.attach_bytes(
        org_register, owner_type="breach", owner_key=breach.key, data=PDF, file_name="cnil.pdf"
    )
    with pytest.raises(InUseError, match=r"has 1 evidence file attached \(“dpia.pdf”\)"):
        activities.delete_activity(org_register, key=act.key, version=act.version)
    with pytest.raises(InUseError, match="The breach BR-01 · Lost key has 1 evidence file"):
        BREACHES.delete(org_register, key=breach.key, version=breach.version)
    with pytest.raises(ConflictError):
        evidence.remove(org_register, key=on_act.key, version=2)
    evidence.remove(org_register, key=on_act.key, version=on_act.version)
    activities.delete_activity(org_register, key=act.key, version=act.version)
    assert [e.action.value for e in audit_log(org_register, entity_key=on_act.key)] == [
        "delete",
        "create",
    ]


def test_cli_adds_lists_and_gets_evidence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ropa_desktop.cli import main

    db = str(tmp_path / "r.sqlite")
    assert main(["--db", db, "demo"]) == 0
    doc = tmp_path / "balancing test.pdf"
    doc.write_bytes(PDF)
    capsys.readouterr()
    assert main(["--db", db, "evidence", "add", str(doc), "--to", "activity:PA-01",
                 "--kind", "balancing_test"]) == 0  # fmt: skip
    digest = hashlib.sha256(PDF).hexdigest()
    assert capsys.readouterr().out.strip() == (
        f"Attached balancing test.pdf (application/pdf, {len(PDF)} bytes), SHA-256 {digest}."
    )
    assert main(["--db", db, "evidence", "list"]) == 0
    listed = capsys.readouterr().out
    assert (
        f"{digest[:16]}  balancing test.pdf — Legitimate-interests balancing test, {len(PDF)} bytes, "
        "attached to the activity PA-01 · Webinar sign-up"
    ) in listed
    out = tmp_path / "copy.pdf"
    assert main(["--db", db, "evidence", "get", digest[:10], "-o", str(out)]) == 0
    assert out.read_bytes() == PDF
    for args, said in (
        (["add", str(tmp_path / "missing.pdf"), "--to", "activity:PA-01"], "cannot be read"),
        (["add", str(doc), "--to", "activity:PA-99"], "The register has no activity “PA-99”"),
        (["add", str(doc), "--to", "PA-01"], "names no record"),
        (["get", "zz", "-o", str(out)], "first 8 or more hex digits"),
    ):
        capsys.readouterr()
        assert main(["--db", db, "evidence", *args]) != 0
        err = capsys.readouterr().err
        assert said in err and "Traceback" not in err


def test_json_keeps_files_out_unless_asked_and_restores_them(
    org_register: Register, tmp_path: Path
) -> None:
    from ropa_desktop.exporters.json_export import export_json, register_json
    from ropa_desktop.importers.json_import import read_document
    from ropa_desktop.services.interchange import import_records
    from ropa_desktop.services.register import open_register

    act = activities.save_activity(org_register, record=complete_activity())
    rec = evidence.attach_bytes(
        org_register, owner_type="activity", owner_key=act.key, data=PDF, file_name="dpia.pdf",
        kind=EvidenceKind.DPIA,
    )  # fmt: skip
    plain = register_json(org_register)
    assert b"evidence_files" not in plain and b"dpia.pdf" not in plain
    full = export_json(org_register, tmp_path / "full.json", with_evidence=True)
    restored = open_register(str(tmp_path / "restored.sqlite"), actor="tester")
    try:
        import_records(restored, read_document(full), dry_run=False)
        assert evidence.list_evidence(restored) == [dataclasses.replace(rec, version=1)]
        assert evidence.content(restored, key=rec.key)[1] == PDF
        assert register_json(restored) == plain
        # Importing it again adds nothing; an altered file is refused, nothing written.
        assert import_records(restored, read_document(full), dry_run=True).is_empty
    finally:
        restored.close()
    altered = full.read_text().replace(
        base64.b64encode(PDF).decode(), base64.b64encode(PDF + b" ").decode()
    )
    (tmp_path / "altered.json").write_text(altered)
    again = open_register(str(tmp_path / "again.sqlite"), actor="tester")
    try:
        with pytest.raises(RopaError, match="does not match its recorded SHA-256"):
            import_records(again, read_document(tmp_path / "altered.json"), dry_run=False)
        assert evidence.list_evidence(again) == []
    finally:
        again.close()


def test_register_pdf_lists_evidence_with_hashes(org_register: Register, tmp_path: Path) -> None:
    import subprocess

    from ropa_desktop.exporters.pdf import export_pdf

    act = activities.save_activity(org_register, record=complete_activity())
    rec = evidence.attach_bytes(
        org_register, owner_type="activity", owner_key=act.key, data=PDF,
        file_name="tia-us.pdf", kind=EvidenceKind.TIA,
    )  # fmt: skip
    path = export_pdf(org_register, tmp_path / "register.pdf")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    words = " ".join(text.decode().split())
    annex = words[words.rindex("Annex E — Evidence files") :]
    assert "tia-us.pdf Transfer impact assessment" in annex
    assert "PA-01 · Customer relationship management" in annex
    assert f"{rec.sha256[:32]} {rec.sha256[32:]}" in annex
