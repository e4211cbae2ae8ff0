"""Regenerate exports/: the sample register as JSON, Excel and PDF.

Run with ``make exports`` (or ``python -m ropa_desktop.sample_exports``). The
PDF and the workbook are dated ``SAMPLE_AS_OF`` so that the committed files stay
reproducible;
``tests/test_sample_exports.py`` checks that they are what this produces today.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tempfile
import zipfile
from pathlib import Path

from ropa_desktop.exporters.json_export import export_json
from ropa_desktop.exporters.pdf import export_pdf
from ropa_desktop.exporters.xlsx import export_xlsx
from ropa_desktop.importers.sample import load_sample
from ropa_desktop.paths import ROOT
from ropa_desktop.services.register import open_register

SAMPLE_AS_OF = dt.date(2026, 11, 25)
EXPORTS = ROOT / "exports"
NAMES = {
    "json": "sample_register.json",
    "xlsx": "sample_register.xlsx",
    "pdf": "sample_register.pdf",
}


def _settle_zip(path: Path, when: dt.datetime) -> None:
    """Give every part of the workbook the sample's date, so regenerating an unchanged
    sample gives the same bytes (a zip stamps each part, openpyxl stamps "modified")."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as book:
        parts = [(info, book.read(info)) for info in book.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for info, data in parts:
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp + rb"\g<2>",
                    data,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            book.writestr(fixed, data)


def regenerate(out_dir: Path = EXPORTS) -> dict[str, Path]:
    """Load the sample into a fresh register and export it in every format."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        # The sample's audit events are stamped with its date too: the same chain each time.
        stamp = dt.datetime.combine(SAMPLE_AS_OF, dt.time(9, 0), tzinfo=dt.UTC)
        register = open_register(
            Path(scratch) / "sample.sqlite", actor="ropa demo", clock=lambda: stamp
        )
        try:
            load_sample(register)
            when = dt.datetime.combine(SAMPLE_AS_OF, dt.time(9, 0))
            paths = {fmt: out_dir / name for fmt, name in NAMES.items()}
            export_json(register, paths["json"])
            export_xlsx(register, paths["xlsx"], exported_at=when)
            _settle_zip(paths["xlsx"], when)
            export_pdf(
                register, paths["pdf"], as_of=SAMPLE_AS_OF, produced_at=when.replace(tzinfo=dt.UTC)
            )
        finally:
            register.close()
    return paths


if __name__ == "__main__":
    for path in regenerate().values():
        print(f"Wrote {path}")
    sys.exit(0)
