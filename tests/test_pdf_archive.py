"""The PDF proves itself: the register attached, XMP metadata, an output intent; ``ropa verify``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from ropa_desktop.cli import main
from ropa_desktop.exporters.json_export import export_json
from ropa_desktop.exporters.pdf import export_pdf
from ropa_desktop.exporters.pdf.archive import ICC_PROFILE
from ropa_desktop.importers.sample import load_sample
from ropa_desktop.services.register import Register, open_register
from tests.test_pdf_export import ORG, make_doc, render

# Produced now (the register's trail begins today), the same instant for both exports.
PRODUCED = dt.datetime.now(dt.UTC).replace(microsecond=0)
PDF_DATE = f"D:{PRODUCED:%Y%m%d%H%M%S}+00'00'"


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[Register]:
    register = open_register(tmp_path / "r.sqlite", actor="tester", create=True)
    load_sample(register)
    yield register
    register.close()


def _exported(register: Register, tmp_path: Path) -> Path:
    return export_pdf(register, tmp_path / "register.pdf", produced_at=PRODUCED)


def test_the_json_export_is_attached_as_the_pdfs_source(sample: Register, tmp_path: Path) -> None:
    pdf_path = _exported(sample, tmp_path)
    json_path = export_json(sample, tmp_path / "register.json")
    with pikepdf.open(pdf_path) as pdf:
        (spec,) = pdf.Root.AF
        assert spec.AFRelationship == pikepdf.Name.Source
        assert spec.UF == "register.json"
        attached = spec.EF.F
        assert attached.Subtype == pikepdf.Name("/application/json")
        assert attached.Params.ModDate == PDF_DATE
        assert attached.read_bytes() == json_path.read_bytes()
        assert list(pdf.attachments) == ["register.json"]
    # The hash on the cover is the attachment's.
    cover = PdfReader(pdf_path).pages[0].extract_text()
    digest = hashlib.sha256(json_path.read_bytes()).hexdigest()
    assert digest in re.sub(r"\s+", "", cover)


def test_xmp_metadata_mirrors_the_document_information_and_claims_pdfa_3b(
    sample: Register, tmp_path: Path
) -> None:
    pdf_path = _exported(sample, tmp_path)
    with pikepdf.open(pdf_path) as pdf:
        info = pdf.docinfo
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "3B"
        assert meta["dc:title"] == str(info.Title) == "Record of processing activities — KPAX"
        assert meta["dc:creator"] == [str(info.Author)]
        assert meta["dc:description"] == str(info.Subject)
        assert meta["xmp:CreatorTool"] == str(info.Creator)
        assert meta["pdf:Producer"] == str(info.Producer)
        assert meta["xmp:CreateDate"] == PRODUCED.isoformat()
        assert str(info.CreationDate) == PDF_DATE
        # The metadata stream is plain text, as PDF/A asks.
        assert "/Filter" not in pdf.Root.Metadata
        assert pdf.pdf_version == "1.7"
        raw = pdf.Root.Metadata.read_bytes().decode()
        # Our own properties are declared in an extension schema, as PDF/A asks.
        assert "<pdfaSchema:prefix>ropa</pdfaSchema:prefix>" in raw
        assert "<pdfaProperty:name>registerSha256</pdfaProperty:name>" in raw


def test_output_intent_is_the_shipped_srgb_profile(sample: Register, tmp_path: Path) -> None:
    with pikepdf.open(_exported(sample, tmp_path)) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFA1
        assert intent.DestOutputProfile.N == 3
        assert intent.DestOutputProfile.read_bytes() == ICC_PROFILE.read_bytes()
        assert pdf.check_pdf_syntax() == []
        links = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
        assert links and all(a.F == 4 for a in links)  # every annotation prints


def test_markup_in_names_stays_text_in_the_xmp() -> None:
    doc = make_doc(1, org=dataclasses.replace(ORG, name="A&B <Ltd> \x07 “Ωμέγα”"))
    with pikepdf.open(io.BytesIO(render(doc))) as pdf:
        meta = pdf.open_metadata()
        # As the document information has it (a control character shown as �).
        assert meta["dc:creator"] == [str(pdf.docinfo.Author)] == ["A&B <Ltd> \ufffd “Ωμέγα”"]
        assert meta.pdfa_status == "3B"


def test_same_register_same_day_same_bytes_with_the_attachment(
    sample: Register, tmp_path: Path
) -> None:
    first = export_pdf(sample, tmp_path / "a.pdf", produced_at=PRODUCED).read_bytes()
    second = export_pdf(sample, tmp_path / "b.pdf", produced_at=PRODUCED).read_bytes()
    assert first == second
    assert render(make_doc(2)) == render(make_doc(2))


@pytest.fixture
def pdf_and_db(sample: Register, tmp_path: Path) -> tuple[Path, str]:
    """The sample's PDF, and its register closed for ``ropa`` to open."""
    pdf_path = _exported(sample, tmp_path)
    sample.close()
    return pdf_path, str(tmp_path / "r.sqlite")


def test_verify_passes_a_fresh_pdf_alone_and_against_its_register(
    pdf_and_db: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    pdf_path, db = pdf_and_db
    assert main(["verify", str(pdf_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("The register attached to register.pdf matches the SHA-256 on its cover")
    assert out.count("\n") == 1
    assert main(["verify", str(pdf_path), "--db", db]) == 0
    assert "as it is now" in capsys.readouterr().out
    assert main(["--db", db, "verify", str(pdf_path)]) == 0


def test_verify_fails_a_pdf_whose_register_changed_since(
    pdf_and_db: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf_path, db = pdf_and_db
    assert main(["--db", db, "import", "json", str(_other_register(tmp_path))]) == 0
    capsys.readouterr()
    assert main(["verify", str(pdf_path), "--db", db]) == 1
    out = capsys.readouterr().out
    assert "matches its cover, but not the register at" in out and "has changed since" in out


def _other_register(tmp_path: Path) -> Path:
    """A JSON register like the sample with one activity renamed."""
    scratch = open_register(tmp_path / "other.sqlite", actor="tester", create=True)
    load_sample(scratch)
    path = export_json(scratch, tmp_path / "other.json")
    scratch.close()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"Technical support"', '"Technical support desk"', 1))
    assert path.read_text(encoding="utf-8") != text
    return path


def test_verify_fails_a_pdf_whose_attachment_was_replaced(
    sample: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf_path = _exported(sample, tmp_path)
    with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf:
        stream = pdf.Root.AF[0].EF.F
        stream.write(stream.read_bytes().replace(b"KPAX", b"KPAY"))
        pdf.save(pdf_path)
    assert main(["verify", str(pdf_path)]) == 1
    out = capsys.readouterr().out
    assert "does not match the SHA-256 its cover gives" in out and "changed after" in out


def test_verify_says_what_it_cannot_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "plain.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(plain)
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("not a PDF")
    cases = {
        plain: "has no register attached",
        not_pdf: "is not a PDF that can be read",
        tmp_path / "missing.pdf": "There is no file at",
    }
    for path, words in cases.items():
        assert main(["verify", str(path)]) == 1
        out = capsys.readouterr().out
        assert words in out and out.count("\n") == 1 and "Traceback" not in out
