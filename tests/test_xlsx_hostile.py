"""Hostile and broken files: every one refused with one clear sentence, nothing written."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from ropa_desktop.domain.errors import ImportFileError
from ropa_desktop.exporters.xlsx import export_xlsx
from ropa_desktop.importers.xlsx import plan_xlsx
from ropa_desktop.importers.xlsx.reader import Formula, Limits, read_workbook
from ropa_desktop.services.interchange import snapshot
from ropa_desktop.services.register import Register
from tests.xlsx_corpus import rich_register, sheet_xml


@pytest.fixture
def exported(sqlite_register: Register, tmp_path: Path) -> Path:
    rich_register(sqlite_register)
    return export_xlsx(sqlite_register, tmp_path / "register.xlsx")


def _rezip(
    source: Path, target: Path, replace: dict[str, bytes], *, add: dict[str, bytes] | None = None
) -> Path:
    """A copy of a workbook with some parts replaced or added."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, replace.get(item.filename, src.read(item.filename)))
        for name, data in (add or {}).items():
            dst.writestr(name, data)
    return target


def _register_part(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        xml = sheet_xml(path, "Register")
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and archive.read(name).decode() == xml:
                return name
    raise AssertionError("no Register part")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\x00\x01\x02 random bytes \xff" * 10, "is not an Excel workbook"),
        (b"reference;name\nPA-01;CRM\n", r"is a text \(CSV\) file"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\x00" * 64
            + "EncryptionInfo".encode("utf-16-le"),
            "password",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "old-format Excel file"),
        (b"PK\x03\x04 truncated", "damaged"),
    ],
)
def test_files_that_are_not_workbooks(
    sqlite_register: Register, tmp_path: Path, content: bytes, message: str
) -> None:
    rich_register(sqlite_register)
    path = tmp_path / "review.xlsx"
    path.write_bytes(content)
    before = snapshot(sqlite_register)
    with pytest.raises(ImportFileError, match=message) as caught:
        plan_xlsx(sqlite_register, path)
    assert "\n" not in str(caught.value)
    assert snapshot(sqlite_register) == before


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ImportFileError, match="zip file but not an Excel workbook"):
        read_workbook(path)


def test_a_workbook_not_made_by_the_export(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Reference", "Name"])
    wb.save(tmp_path / "plain.xlsx")
    from ropa_desktop.importers.xlsx import read_review_workbook

    with pytest.raises(ImportFileError, match="not a review workbook exported by ropa-desktop"):
        read_review_workbook(tmp_path / "plain.xlsx")


def test_zip_bomb_is_refused_before_inflating(exported: Path, tmp_path: Path) -> None:
    bomb = _rezip(
        exported, tmp_path / "bomb.xlsx", {}, add={"xl/media/zeros.bin": b"\0" * 60_000_000}
    )
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(ImportFileError, match="zip bomb"):
        read_workbook(bomb)
    with pytest.raises(ImportFileError, match="would expand to"):
        read_workbook(exported, limits=Limits(uncompressed_bytes=10_000))


def test_size_row_and_cell_caps(exported: Path, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="the limit for a workbook"):
        read_workbook(exported, limits=Limits(file_bytes=1_000))
    with pytest.raises(ImportFileError, match="more than 2 rows"):
        read_workbook(exported, limits=Limits(rows=2))
    with pytest.raises(ImportFileError, match="more than 5 columns"):
        read_workbook(exported, limits=Limits(columns=5))
    part = _register_part(exported)
    with zipfile.ZipFile(exported) as archive:
        xml = archive.read(part).decode()
    long = "x" * 40_000
    xml = xml.replace("<t>PA-01</t>", f"<t>{long}</t>", 1)
    path = _rezip(exported, tmp_path / "long.xlsx", {part: xml.encode()})
    with pytest.raises(ImportFileError, match="40,000 characters"):
        read_workbook(path)


def test_a_lying_dimension_does_not_blow_up(exported: Path, tmp_path: Path) -> None:
    part = _register_part(exported)
    with zipfile.ZipFile(exported) as archive:
        xml = archive.read(part).decode()
    xml = xml.replace("<sheetFormatPr", '<dimension ref="A1:XFD1048576"/><sheetFormatPr', 1)
    path = _rezip(exported, tmp_path / "wide.xlsx", {part: xml.encode()})
    started = time.perf_counter()
    book = read_workbook(path)
    assert time.perf_counter() - started < 30
    assert len(book.sheets["Register"].rows) == 3


def test_entity_expansion_is_refused(exported: Path, tmp_path: Path) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    part = _register_part(exported)
    with zipfile.ZipFile(exported) as archive:
        xml = archive.read(part).decode()
    xml = laughs + xml.replace("<t>PA-01</t>", "<t>&lol2;</t>", 1)
    path = _rezip(exported, tmp_path / "laughs.xlsx", {part: xml.encode()})
    with pytest.raises(ImportFileError, match="declares XML entities"):
        read_workbook(path)


def test_macros_are_never_loaded_and_formulas_never_evaluated(
    sqlite_register: Register, exported: Path, tmp_path: Path
) -> None:
    part = _register_part(exported)
    with zipfile.ZipFile(exported) as archive:
        xml = archive.read(part).decode()
    xml = xml.replace(
        '<c r="B2" t="inlineStr"><is><t>',
        '<c r="B2"><f>1+1</f><v>2</v></c><c r="ZZ2" t="inlineStr"><is><t>',
        1,
    )
    macro = _rezip(
        exported,
        tmp_path / "review.xlsm",
        {part: xml.encode()},
        add={"xl/vbaProject.bin": b"\xd0\xcf" * 100},
    )
    book = read_workbook(macro)
    assert book.has_macros
    assert book.sheets["Register"].rows[1][1] == Formula("=1+1")
    result = plan_xlsx(sqlite_register, macro)
    assert [(e.sheet, e.row, e.column[:1]) for e in result.errors] == [("Register", 2, "B")]
    assert "formula" in result.errors[0].message


def test_reader_returns_plain_values(exported: Path) -> None:
    book = read_workbook(exported)
    assert book.sheets["Register"].rows[0][0] == "Reference"
    assert book.sheets["ropa_meta"].state == "veryHidden"
