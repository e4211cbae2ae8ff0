"""exports/ holds what `make exports` produces today, so nobody reads a stale sample."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from ropa_desktop.sample_exports import EXPORTS, NAMES, regenerate

STALE = "exports/{} is stale: run `make exports` and commit the result."


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return regenerate(tmp_path_factory.mktemp("exports"))


@pytest.mark.parametrize("fmt", ["json", "pdf"])
def test_committed_file_is_byte_identical(fresh: dict[str, Path], fmt: str) -> None:
    committed = EXPORTS / NAMES[fmt]
    assert committed.read_bytes() == fresh[fmt].read_bytes(), STALE.format(NAMES[fmt])


def _part(book: zipfile.ZipFile, name: str) -> bytes:
    data = book.read(name)
    if name == "docProps/core.xml":
        # openpyxl stamps the moment of saving as "modified"; the rest must match.
        data = re.sub(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>", b"", data)
    return data


def test_committed_workbook_has_the_same_parts(fresh: dict[str, Path]) -> None:
    # A zip records when each part was written; everything inside must be the same.
    committed = EXPORTS / NAMES["xlsx"]
    with zipfile.ZipFile(committed) as old, zipfile.ZipFile(fresh["xlsx"]) as new:
        assert old.namelist() == new.namelist(), STALE.format(NAMES["xlsx"])
        for name in new.namelist():
            assert _part(old, name) == _part(new, name), f"{name}: " + STALE.format(NAMES["xlsx"])


def test_sample_exports_are_the_sample_register(fresh: dict[str, Path]) -> None:
    import json

    doc = json.loads(fresh["json"].read_text(encoding="utf-8"))
    names = {a["name"] for a in doc["activities"]}
    assert {"Webinar sign-up", "Contact form", "Newsletter", "Audits"} <= names
    assert fresh["pdf"].read_bytes().startswith(b"%PDF-")
