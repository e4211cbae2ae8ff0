"""Exports and checks read the register a batch of activities at a time and say exactly
what they said when they read it whole: the same JSON bytes, the same workbook, the
same findings, on the sample register and on a register of 300 activities."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest

from ropa_desktop.exporters.json_export import document_bytes, export_json, register_json
from ropa_desktop.exporters.xlsx import export_xlsx, register_version, write_register_doc
from ropa_desktop.exporters.xlsx.register_sheets import REGISTER
from ropa_desktop.exporters.xlsx.workbook import SheetWriter, new_workbook
from ropa_desktop.importers.sample import load_sample
from ropa_desktop.services import register_batches
from ropa_desktop.services.audit import chain_head
from ropa_desktop.services.context import document_findings, register_findings
from ropa_desktop.services.interchange import snapshot, to_document
from ropa_desktop.services.register import Register, open_register
from tests.big_register import build

WHEN = dt.datetime(2026, 11, 25, 9, 0)
TODAY = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def big_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.db"
    assert build(path, 300) >= 300
    return path


@pytest.fixture(params=["sample", "big"])
def streamed(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Register:
    """A register, read in batches of 7 activities so that every register has several."""
    monkeypatch.setattr(register_batches, "BATCH_SIZE", 7)
    if request.param == "big":
        register = open_register(request.getfixturevalue("big_path"), actor="test")
    else:
        register = open_register(tmp_path / "sample.db", actor="test")
        load_sample(register)
    request.addfinalizer(register.close)
    return register


def test_batches_are_the_activities_of_a_whole_read(streamed: Register) -> None:
    whole = snapshot(streamed).activities
    with streamed.reading() as session:
        batches = list(register_batches.activity_batches(session))
    assert [a for batch in batches for a in batch] == whole
    assert {len(b) for b in batches[:-1]} == {7}
    assert len(batches) == -(-len(whole) // 7)


def test_the_json_export_is_byte_identical_to_the_whole_document(
    streamed: Register, tmp_path: Path
) -> None:
    whole = document_bytes(to_document(snapshot(streamed)))
    assert register_json(streamed) == whole
    assert export_json(streamed, tmp_path / "register.json").read_bytes() == whole


def test_the_json_export_of_an_empty_register_is_the_whole_document(tmp_path: Path) -> None:
    register = open_register(tmp_path / "empty.db", actor="test")
    try:
        assert register_json(register) == document_bytes(to_document(snapshot(register)))
    finally:
        register.close()


def _members(path: Path) -> dict[str, bytes]:
    # The zip's entry dates and the "modified" property are when openpyxl saved the file.
    with zipfile.ZipFile(path) as book:
        members = {name: book.read(name) for name in book.namelist()}
    core = members["docProps/core.xml"]
    members["docProps/core.xml"] = re.sub(rb"<dcterms:modified.*</dcterms:modified>", b"", core)
    return members


def test_the_workbook_is_the_workbook_of_the_whole_register(
    streamed: Register, tmp_path: Path
) -> None:
    version = register_version(streamed)
    chain = chain_head(streamed).line
    whole = write_register_doc(
        snapshot(streamed), tmp_path / "whole.xlsx", exported_at=WHEN, version=version, chain=chain
    )
    batched = export_xlsx(streamed, tmp_path / "batched.xlsx", exported_at=WHEN)
    assert _members(batched) == _members(whole)


def test_the_checks_find_what_they_find_in_the_whole_register(streamed: Register) -> None:
    findings = register_findings(streamed, today=TODAY)
    assert findings == document_findings(snapshot(streamed), today=TODAY)
    assert findings  # the sample and its copies have findings to compare


def test_a_sheet_keeps_no_row_heights_once_written() -> None:
    """Row heights are written with their rows; kept, they would grow with the register."""
    wb = new_workbook()
    writer = SheetWriter(wb, REGISTER)
    tall = ["A description long enough to wrap over several lines of its column. " * 4]
    for n in range(50):
        writer.write([f"PA-{n}", *tall, *[""] * (len(REGISTER.headers) - 4), f"k{n}", 1])
    assert len(writer.ws.row_dimensions) == 0
    writer.close()
    wb.save(io.BytesIO())  # openpyxl's row writers end with the save
