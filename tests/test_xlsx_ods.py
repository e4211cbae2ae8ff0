"""The reviewed workbook saved as .ods (LibreOffice's own format) reads as the .xlsx does;
formulas and hostile files are refused with one sentence, as for .xlsx.

The .ods files are the real thing: the exported workbook opened and saved by a headless
LibreOffice Calc (one for the module, tests/lo_calc.py). The hostile ones are those
files with their content.xml doctored.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ropa_desktop.domain.errors import ImportFileError
from ropa_desktop.importers.xlsx import WorkbookRejected, import_xlsx, plan_xlsx
from ropa_desktop.importers.xlsx.reader import Formula, Limits, read_workbook
from ropa_desktop.services.interchange import snapshot
from ropa_desktop.services.register import Register, open_register
from tests.lo_calc import Calc
from tests.xlsx_corpus import exported_rich_register

CONTENT = "content.xml"
TYPED = [
    {"do": "type", "sheet": "Register", "row": {"ref": "PA-02"}, "column": column, "text": text}
    for column, text in (
        ("Business function (owner)", "Human resources"),
        ("Last reviewed", "2025-03-31"),
        ("Review cycle (months)", "12"),
    )
]
FORMULA = [
    {"do": "type", "sheet": "Register", "row": {"ref": "PA-01"}, "column": "Description",
     "text": "=1+1"},
]  # fmt: skip


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The register the workbook was exported from (copied by each test), and its export."""
    return exported_rich_register(tmp_path_factory.mktemp("register"))


@pytest.fixture(scope="module")
def saved(made: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    calc = Calc(tmp_path_factory.mktemp("calc"))
    try:
        exported = made / "register.xlsx"
        yield {
            "exported": exported,
            "untouched": calc.review(exported, [], "untouched"),
            "typed": calc.review(exported, TYPED, "typed"),
            "formula": calc.review(exported, FORMULA, "formula"),
        }
    finally:
        calc.close()


@pytest.fixture
def register(made: Path, tmp_path: Path) -> Iterator[Register]:
    (tmp_path / "register.sqlite").write_bytes((made / "register.sqlite").read_bytes())
    opened = open_register(tmp_path / "register.sqlite", actor="tester", create=False)
    yield opened
    opened.close()


@pytest.fixture
def ods(saved: dict[str, Any]) -> Path:
    return Path(saved["untouched"]["ods"])


def _content(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(CONTENT).decode()


def _rezip(source: Path, target: Path, replace: dict[str, bytes | str]) -> Path:
    """A copy of an .ods with some parts replaced or added (mimetype first, stored)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        names = src.namelist()
        for name in names + [n for n in replace if n not in names]:
            data = replace.get(name)
            data = src.read(name) if data is None else data
            kind = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            dst.writestr(name, data.encode() if isinstance(data, str) else data, kind)
    return target


def _row(xml: str, text: str) -> tuple[int, int]:
    """Where the row holding a cell with this text begins and ends in content.xml."""
    at = xml.index(f"<text:p>{text}</text:p>")
    start = xml.rindex("<table:table-row", 0, at)
    return start, xml.index("</table:table-row>", at) + len("</table:table-row>")


def _with_row(xml: str, text: str, row: str) -> str:
    start, end = _row(xml, text)
    return xml[:start] + row + xml[end:]


def _refused(path: Path, message: str, limits: Limits | None = None) -> str:
    with pytest.raises(ImportFileError, match=message) as caught:
        read_workbook(path, limits=limits)
    text = str(caught.value)
    assert "\n" not in text and text.endswith(".")
    return text


# -- the same result as .xlsx -----------------------------------------------------------


def test_an_ods_reads_as_the_xlsx_calc_saved(saved: dict[str, Any]) -> None:
    for session in ("untouched", "typed", "formula"):
        xlsx, ods = (read_workbook(saved[session][fmt]) for fmt in ("xlsx", "ods"))
        assert list(ods.sheets) == list(xlsx.sheets)
        for title, sheet in ods.sheets.items():
            assert sheet.rows == xlsx.sheets[title].rows, (session, title)
            assert sheet.state == xlsx.sheets[title].state, (session, title)


def test_an_untouched_ods_holds_what_was_exported(saved: dict[str, Any]) -> None:
    exported, ods = read_workbook(saved["exported"]), read_workbook(saved["untouched"]["ods"])
    assert list(ods.sheets) == list(exported.sheets)
    for title, sheet in exported.sheets.items():
        assert ods.sheets[title].rows == sheet.rows, title
    # The hidden sheets are read too (.ods has no "very hidden": LibreOffice hides them).
    assert {t: s.state for t, s in ods.sheets.items() if s.state != "visible"} == {
        "ropa_baseline": "hidden",
        "ropa_lists": "hidden",
        "ropa_meta": "hidden",
    }


def test_typed_dates_and_numbers_come_back_as_openpyxl_gives_them(saved: dict[str, Any]) -> None:
    rows = read_workbook(saved["typed"]["ods"]).sheets["Register"].rows
    header, pa02 = rows[0], next(r for r in rows if r[0] == "PA-02")
    cell = dict(zip(header, pa02, strict=False))
    assert cell["Last reviewed"] == dt.datetime(2025, 3, 31)
    assert cell["Review cycle (months)"] == 12 and type(cell["Review cycle (months)"]) is int
    assert cell["Business function (owner)"] == "Human resources"
    assert all(not r or r[-1] is not None for r in rows)  # trailing empty cells trimmed
    assert rows[-1]  # and trailing rows: LibreOffice repeats empty rows to row 1,048,576


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_a_formula_typed_in_calc_is_refused(
    register: Register, saved: dict[str, Any], fmt: str
) -> None:
    path = saved["formula"][fmt]
    rows = read_workbook(path).sheets["Register"].rows
    assert Formula("=1+1") in next(r for r in rows if r[0] == "PA-01")
    before = snapshot(register)
    with pytest.raises(WorkbookRejected, match="formula") as caught:
        import_xlsx(register, path, dry_run=False)
    assert "\n" not in str(caught.value)
    assert [(e.sheet, e.column.split(" ")[0]) for e in caught.value.result.errors] == [
        ("Register", "F")
    ]
    assert snapshot(register) == before


def test_a_formula_in_repeated_rows_and_columns_is_found_in_each(ods: Path, tmp_path: Path) -> None:
    row = (
        '<table:table-row table:number-rows-repeated="2"><table:table-cell '
        'office:value-type="string"><text:p>Controller</text:p></table:table-cell>'
        '<table:table-cell table:number-columns-repeated="2"/><table:table-cell '
        'table:number-columns-repeated="2" table:formula="of:=[.A1]&amp;&quot;x&quot;" '
        'office:value-type="string" office:string-value=""/></table:table-row>'
    )
    path = _rezip(
        ods, tmp_path / "repeats.ods", {CONTENT: _with_row(_content(ods), "Controller", row)}
    )
    rows = read_workbook(path).sheets["Read me"].rows
    formula = Formula('=[.A1]&"x"')
    assert rows[2] == rows[3] == ("Controller", None, None, formula, formula)
    assert rows[4][0] == "Address"  # the rows below moved down by one


# -- not a workbook, or not a spreadsheet ------------------------------------------------


def test_a_file_neither_xlsx_nor_ods_names_both(tmp_path: Path, ods: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_bytes(b"\x00\x01 random \xff" * 10)
    text = _refused(path, "not an Excel workbook")
    assert "(.xlsx)" in text and "(.ods)" in text
    text_document = _rezip(ods, tmp_path / "letter.ods", {
        "mimetype": "application/vnd.oasis.opendocument.text"})  # fmt: skip
    _refused(text_document, r"zip file but not an Excel workbook \(.xlsx\) or an OpenDocument")


def test_a_password_protected_ods(ods: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(ods) as archive:
        manifest = archive.read("META-INF/manifest.xml").decode()
    locked = manifest.replace(
        'manifest:full-path="content.xml"',
        'manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry'
        '><manifest:file-entry manifest:full-path="x"',
        1,
    )
    path = _rezip(ods, tmp_path / "locked.ods", {"META-INF/manifest.xml": locked})
    _refused(path, "protected with a password")


# -- hostile files ------------------------------------------------------------------------


def test_zip_bomb_is_refused_before_inflating(ods: Path, tmp_path: Path) -> None:
    bomb = _rezip(ods, tmp_path / "bomb.ods", {"Pictures/zeros.bin": b"\0" * 60_000_000})
    assert bomb.stat().st_size < 1_000_000
    _refused(bomb, "zip bomb")
    _refused(ods, "would expand to", Limits(uncompressed_bytes=10_000))


def test_size_row_column_and_cell_caps(ods: Path, tmp_path: Path) -> None:
    _refused(ods, "the limit for a workbook", Limits(file_bytes=1_000))
    _refused(ods, "has more than 2 rows with values", Limits(rows=2))
    _refused(ods, "has more than 5 columns", Limits(columns=5))
    _refused(ods, "has more than 3 sheets", Limits(sheets=3))
    long = _content(ods).replace("<text:p>PA-01</text:p>", f"<text:p>{'x' * 40_000}</text:p>", 1)
    _refused(_rezip(ods, tmp_path / "long.ods", {CONTENT: long}), "40,000 characters")


def _repeated(ods: Path, tmp_path: Path, name: str, row: str) -> Path:
    return _rezip(ods, tmp_path / name, {CONTENT: _with_row(_content(ods), "Controller", row)})


def test_repeats_are_counted_before_calamine_expands_them(ods: Path, tmp_path: Path) -> None:
    value = '<table:table-cell office:value-type="string"><text:p>Yes</text:p></table:table-cell>'
    # A million rows with values in a few bytes.
    rows = _repeated(ods, tmp_path, "rows.ods", f'<table:table-row table:number-rows-repeated="1000000">{value}</table:table-row>')  # fmt: skip
    assert rows.stat().st_size < 100_000
    _refused(rows, "has more than 250,000 rows with values")
    wide = value.replace(
        "<table:table-cell", '<table:table-cell table:number-columns-repeated="16000"'
    )
    _refused(_repeated(ods, tmp_path, "wide.ods", f"<table:table-row>{wide}</table:table-row>"),
             "has more than 120 columns")  # fmt: skip
    spaces = '<table:table-cell office:value-type="string"><text:p>a<text:s text:c="900000000"/></text:p></table:table-cell>'  # fmt: skip
    _refused(_repeated(ods, tmp_path, "spaces.ods", f"<table:table-row>{spaces}</table:table-row>"),
             "holds more than 32,767 characters")  # fmt: skip
    text = value.replace("Yes", "x" * 20_000).replace(
        "<table:table-cell", '<table:table-cell table:number-columns-repeated="100"'
    )
    copies = f'<table:table-row table:number-rows-repeated="1000">{text}</table:table-row>'
    _refused(_repeated(ods, tmp_path, "copies.ods", copies), "would expand to more than")  # fmt: skip
    # Empty rows between values: calamine fills them in, cell by cell.
    gap = f'<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row><table:table-row>{wide.replace("16000", "100")}</table:table-row>'  # fmt: skip
    _refused(_repeated(ods, tmp_path, "gap.ods", gap), "spans more than 25,000,000 cells")


@pytest.mark.parametrize(
    ("doctor", "message"),
    [
        (lambda x: x.replace("?>", '?><!DOCTYPE d [<!ENTITY lol "lol">]>', 1), "declares XML entities"),
        (lambda x: x[: len(x) // 2], "malformed"),  # cut in the middle of a sheet
        # cut after a row: calamine 0.9.1 would loop for ever looking for the sheet's end
        (lambda x: x[: x.index("</table:table-row>", x.index('table:name="Register"')) + 18], "malformed"),
        (lambda x: x.replace("</table:table-cell><table:table-cell", "</table:table-cell>stray<table:table-cell", 1), "Expecting .table-cell"),
        (lambda x: x.replace("<table:table-row", "<table:table-cell/><table:table-row", 1), "malformed"),
        (lambda x: x.replace('table:number-columns-repeated="16383"', 'table:number-columns-repeated="&#49;"', 1), "malformed"),
        (lambda x: x.replace('table:name="Register"', 'table:name="Read me"', 1), "two sheets are named"),
    ],
)  # fmt: skip
def test_damaged_or_crafted_content_is_one_sentence(
    ods: Path, tmp_path: Path, doctor: Any, message: str
) -> None:
    path = _rezip(ods, tmp_path / "crafted.ods", {CONTENT: doctor(_content(ods))})
    assert "not a readable OpenDocument spreadsheet" in _refused(path, message)


def test_content_not_in_utf8_is_refused(ods: Path, tmp_path: Path) -> None:
    xml = _content(ods).replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
    path = _rezip(ods, tmp_path / "utf16.ods", {CONTENT: xml.encode("utf-16")})
    _refused(path, "not encoded in UTF-8")


def test_markup_inside_quoted_attributes_is_not_taken_for_cells(ods: Path, tmp_path: Path) -> None:
    # A sheet's end hidden in an attribute: calamine takes it for an attribute, and so must
    # the scan, or calamine would read to the end of the file looking for the sheet's end.
    xml = _content(ods).replace(
        "<text:p>Controller</text:p>",
        '<text:p><text:span text:style-name="&lt;/table:table&gt;\'>">Controller</text:span></text:p>',
        1,
    )
    book = read_workbook(_rezip(ods, tmp_path / "quoted.ods", {CONTENT: xml}))
    assert book.sheets["Read me"].rows[2][0] == "Controller"


def test_a_doctored_ods_imports_nothing(register: Register, ods: Path, tmp_path: Path) -> None:
    xml = re.sub(
        r'table:number-rows-repeated="\d+"',
        'table:number-rows-repeated="x"',
        _content(ods),
        count=1,
    )
    path = _rezip(ods, tmp_path / "crafted.ods", {CONTENT: xml})
    before = snapshot(register)
    with pytest.raises(ImportFileError, match="malformed"):
        plan_xlsx(register, path)
    assert snapshot(register) == before
