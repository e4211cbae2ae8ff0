"""exports/ holds what `make exports` produces today, so nobody reads a stale sample."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ropa_desktop.sample_exports import EXPORTS, NAMES, regenerate

STALE = "exports/{} is stale: run `make exports` and commit the result."


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return regenerate(tmp_path_factory.mktemp("exports"))


@pytest.mark.parametrize("fmt", ["json", "pdf", "xlsx"])
def test_committed_file_is_byte_identical(fresh: dict[str, Path], fmt: str) -> None:
    committed = EXPORTS / NAMES[fmt]
    assert committed.read_bytes() == fresh[fmt].read_bytes(), STALE.format(NAMES[fmt])


def test_the_sample_workbook_is_dated_like_the_sample(fresh: dict[str, Path]) -> None:
    with zipfile.ZipFile(fresh["xlsx"]) as book:
        assert {info.date_time[:3] for info in book.infolist()} == {(2026, 11, 25)}
        assert b"2026-11-25T09:00:00Z</dcterms:modified>" in book.read("docProps/core.xml")


def test_sample_exports_are_the_sample_register(fresh: dict[str, Path]) -> None:
    import json

    doc = json.loads(fresh["json"].read_text(encoding="utf-8"))
    names = {a["name"] for a in doc["activities"]}
    assert {"Webinar sign-up", "Contact form", "Newsletter", "Audits"} <= names
    assert fresh["pdf"].read_bytes().startswith(b"%PDF-")
