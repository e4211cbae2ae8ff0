"""Hostile JSON registers: each refused in one line naming where, exit code 2, and the
register left byte for byte as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ropa_desktop.cli import main
from ropa_desktop.exporters.json_export import register_json
from ropa_desktop.services.audit import audit_log
from ropa_desktop.services.register import open_register


@pytest.fixture(scope="module")
def sample_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    base = tmp_path_factory.mktemp("sample")
    out = base / "sample.json"
    assert main(["--db", str(base / "s.sqlite"), "demo"]) == 0
    assert main(["--db", str(base / "s.sqlite"), "export", "json", "-o", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def _with_field(text: str, raw: str) -> str:
    """The sample with ``"extra": <raw>`` inside the first activity, as raw JSON text."""
    return text.replace(
        '"activities": [\n    {\n', f'"activities": [\n    {{\n      "x": {raw},\n', 1
    )


CASES = {
    # Python keeps the last "activities": an empty list would delete every activity.
    "duplicate key": (
        lambda t: t.replace('\n  "activities": [', '\n  "activities": [],\n  "activities": [', 1),
        "the key “activities” appears twice in the same object",
    ),
    "NaN": (lambda t: _with_field(t, "NaN"), "NaN is not a number a register can store"),
    "Infinity": (
        lambda t: _with_field(t, "-Infinity"),
        "-Infinity is not a number a register can store",
    ),
    "overflowing float": (lambda t: _with_field(t, "1e400"), "the number 1e400 is out of range"),
    "5,000-digit integer": (
        lambda t: _with_field(t, "7" * 5000),
        "a whole number of 5,000 digits is out of range",
    ),
    "100,000 nested brackets": (
        lambda t: _with_field(t, "[" * 100_000 + "]" * 100_000),
        "the data nests more than 64 deep",
    ),
    "lone surrogate": (
        lambda t: _with_field(t, '"A\\ud800B"'),
        "\\ud800 is half of a UTF-16 pair, not a character",
    ),
    "score beyond the schema": (
        lambda t: t.replace('"review_cycle_months": null', '"review_cycle_months": 99999999', 1),
        "at activities[0].review_cycle_months: 99999999 is greater than the maximum of 1000000",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_json_is_refused_and_changes_nothing(
    case: str, sample_text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, expected = CASES[case]
    db = tmp_path / "register.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    register = open_register(db)
    before, events = register_json(register), len(audit_log(register))
    register.close()
    hostile = tmp_path / "hostile.json"
    hostile.write_text(make(sample_text), encoding="utf-8")
    capsys.readouterr()
    code = main(["--db", str(db), "import", "json", str(hostile)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.startswith("ropa: hostile.json: at ") and err.count("\n") == 1, err
    assert expected in err
    assert err.rstrip().endswith("nothing was imported.")
    register = open_register(db)
    assert register_json(register) == before
    assert len(audit_log(register)) == events
    register.close()


def test_the_sample_text_itself_imports(sample_text: str, tmp_path: Path) -> None:
    """The corpus is made from a file that does import, so each refusal is its own fault."""
    path = tmp_path / "ok.json"
    path.write_text(sample_text, encoding="utf-8")
    assert main(["--db", str(tmp_path / "r.sqlite"), "init"]) == 0
    assert main(["--db", str(tmp_path / "r.sqlite"), "import", "json", str(path)]) == 0
    assert json.loads(sample_text)["activities"]


def test_a_file_over_the_cap_is_refused_before_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ropa_desktop.importers.json_import import MAX_FILE_BYTES

    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:  # sparse: no disk is used
        f.truncate(MAX_FILE_BYTES + 1)
    assert main(["--db", str(tmp_path / "r.sqlite"), "init"]) == 0
    assert main(["--db", str(tmp_path / "r.sqlite"), "import", "json", str(huge)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "ropa: huge.json is 268 MB; the limit for a register file is 256 MB.", err


def test_the_cap_admits_the_export_of_a_big_register() -> None:
    from ropa_desktop.importers.json_import import MAX_FILE_BYTES

    # The export of 10,000 activities measured 66 MB (bench/bench_json_import.py).
    assert MAX_FILE_BYTES > 3 * 66_000_000


def test_the_schema_is_judged_as_jsonschema_judges_it(sample_text: str) -> None:
    """The fast check refuses; jsonschema words the error. A date the fast check finds
    malformed (it checks formats) is left, as jsonschema leaves it, to the records."""
    from ropa_desktop.domain.errors import ImportFileError
    from ropa_desktop.importers.json_import import parse_document

    doc = json.loads(sample_text)
    doc["activities"][0]["name"] = 7
    with pytest.raises(ImportFileError) as raised:
        parse_document(json.dumps(doc).encode(), name="r.json")
    assert str(raised.value) == (
        "r.json: at activities[0].name: 7 should be of type string; nothing was imported."
    )
    doc["activities"][0]["name"] = "Recruitment"
    doc["activities"][0]["last_reviewed_on"] = "2025-13-45"
    with pytest.raises(ImportFileError, match=r"^activities\[0\]: last_reviewed_on: month must be"):
        parse_document(json.dumps(doc).encode(), name="r.json")
