"""The `ropa` command line, end to end, on real SQLite files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ropa_desktop.cli import main
from ropa_desktop.services.register import open_register


def ropa(*args: str) -> tuple[int, str, str]:
    """Run the real console script in a subprocess, as a user would."""
    proc = subprocess.run(
        [sys.executable, "-m", "ropa_desktop.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_demo_then_check_prints_real_findings(db_path: Path) -> None:
    code, out, err = ropa("--db", str(db_path), "demo")
    assert code == 0, err
    assert "Loaded the sample register" in out
    code, out, _ = ropa("--db", str(db_path), "check")
    assert code == 1  # the policy leaves processors' DPAs unrecorded: blocking
    assert "processor_without_dpa" in out
    assert "to_confirm" in out
    assert out.rstrip().splitlines()[-1].endswith("warnings.")
    code, out, _ = ropa("--db", str(db_path), "check", "--format", "json")
    report = json.loads(out)
    assert report["blocking"] >= 1
    assert {"code", "severity", "entity_type", "entity_key", "message"} <= set(
        report["findings"][0]
    )
    # A second demo is harmless.
    code, out, _ = ropa("--db", str(db_path), "demo")
    assert code == 0 and "already loaded" in out


def test_json_round_trip_is_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["--db", str(tmp_path / "one.sqlite"), "demo"]) == 0
    assert main(["--db", str(tmp_path / "one.sqlite"), "export", "json", "-o", str(first)]) == 0
    assert main(["--db", str(tmp_path / "two.sqlite"), "init"]) == 0
    assert main(["--db", str(tmp_path / "two.sqlite"), "import", "json", str(first)]) == 0
    assert main(["--db", str(tmp_path / "two.sqlite"), "export", "json", "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    doc = json.loads(first.read_text(encoding="utf-8"))
    assert doc["schema_version"] == 1 and len(doc["activities"]) >= 12


def test_import_dry_run_prints_change_set_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "r.sqlite")
    out_file = tmp_path / "r.json"
    main(["--db", db, "demo"])
    main(["--db", db, "export", "json", "-o", str(out_file)])
    doc = json.loads(out_file.read_text(encoding="utf-8"))
    doc["activities"][0]["name"] = "Renamed by legal"
    removed = doc["activities"].pop()
    out_file.write_text(json.dumps(doc), encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", db, "import", "json", str(out_file), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Renamed by legal" in out
    assert f"- Activity {removed['reference']} · {removed['name']}: removed" in out
    assert "    Name: “Webinar sign-up” → “Renamed by legal”" in out
    assert removed["key"] not in out
    assert "Would apply: 0 added, 1 changed, 1 removed" in out
    before = tmp_path / "before.json"
    main(["--db", db, "export", "json", "-o", str(before)])
    assert (
        json.loads(before.read_text(encoding="utf-8"))["activities"][0]["name"]
        != "Renamed by legal"
    )
    assert main(["--db", db, "import", "json", str(out_file)]) == 0
    assert "Applied: 0 added, 1 changed, 1 removed" in capsys.readouterr().out


def _bad_documents(valid: dict) -> dict[str, object]:
    def patched(path: list, value: object) -> dict:
        doc = json.loads(json.dumps(valid))
        target = doc
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
        return doc

    return {
        "off-schema field": patched(["activities", 0, "colour"], "blue"),
        "wrong type": patched(["activities", 0, "name"], 42),
        "unknown enum": patched(["activities", 0, "status"], "finished"),
        "10 MB string": patched(["activities", 0, "description"], "x" * 10_000_000),
        "bad date": patched(["activities", 0, "next_review_on"], "2026-02-30"),
        "unknown category": patched(["activities", 0, "subject_categories"], ["martians"]),
        "not a register": ["just", "a", "list"],
    }


def test_bad_input_gives_one_line_error_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite"
    good = tmp_path / "good.json"
    assert main(["--db", str(db), "demo"]) == 0
    assert main(["--db", str(db), "export", "json", "-o", str(good)]) == 0
    valid = json.loads(good.read_text(encoding="utf-8"))
    reference = good.read_bytes()
    cases = {name: json.dumps(doc).encode() for name, doc in _bad_documents(valid).items()}
    cases["broken file"] = reference[: len(reference) // 2]
    cases["binary junk"] = b"\x89PNG\r\n\x1a\n\x00\x00garbage"
    for name, payload in cases.items():
        bad = tmp_path / "bad.json"
        bad.write_bytes(payload)
        code, _, err = ropa("--db", str(db), "import", "json", str(bad))
        assert code == 2, name
        assert err.startswith("ropa: ") and err.count("\n") == 1, (name, err[:300])
        assert len(err) < 400, name
        assert "Traceback" not in err
    check = tmp_path / "after.json"
    assert main(["--db", str(db), "export", "json", "-o", str(check)]) == 0
    assert check.read_bytes() == reference


def test_user_mistakes_are_one_sentence_not_tracebacks(tmp_path: Path) -> None:
    code, _, err = ropa("--db", str(tmp_path / "r.sqlite"), "check")
    assert code == 2 and "There is no register at" in err and "init" in err
    assert not (tmp_path / "r.sqlite").exists()  # nothing made behind the user's back
    assert ropa("--db", str(tmp_path / "r.sqlite"), "init")[0] == 0
    code, _, err = ropa(
        "--db", str(tmp_path / "r.sqlite"), "import", "json", str(tmp_path / "missing.json")
    )
    assert code == 2 and "No file" in err and "Traceback" not in err
    code, _, err = ropa(
        "--db", str(tmp_path / "r.sqlite"), "export", "json", "-o", str(tmp_path / "no" / "x.json")
    )
    assert code == 2 and "does not exist" in err
    code, _, err = ropa("--db", str(tmp_path / "r.sqlite"), "frobnicate")
    assert code == 2 and "invalid choice" in err


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["check", "--format", "json"],
        *(
            ["export", fmt, "-o", "out.file"]
            for fmt in ("json", "xlsx", "pdf", "retention-xlsx", "cnil")
        ),
        ["import", "json", "in.json", "--dry-run"],
        ["audit", "verify"],
        ["team", "list"],
    ],
)
def test_every_read_door_refuses_a_mistyped_register_path(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "registr.sqlite"
    args = [str(tmp_path / a) if a.endswith((".file", ".json")) else a for a in command]
    assert main(["--db", str(typo), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"ropa: There is no register at {typo}") and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []  # no empty register, no export file


def test_demo_refuses_a_register_with_other_content(tmp_path: Path) -> None:
    from ropa_desktop.services.organisation import save_organisation
    from tests.conftest import ORG

    register = open_register(tmp_path / "r.sqlite")
    save_organisation(register, record=ORG)
    register.close()
    code, _, err = ropa("--db", str(tmp_path / "r.sqlite"), "demo")
    assert code == 2 and "already has content" in err


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    with subprocess.Popen(
        [sys.executable, "-m", "ropa_desktop.cli", "--db", str(db), "check", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.read(10)  # like `| head -c 10`: read a little, then hang up
        proc.stdout.close()
        err = proc.stderr.read().decode()
        proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipeError" not in err
