"""Property: a cell changed in the app and another changed in the workbook are both kept;
the same cell changed to different values on both sides is exactly one conflict."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ropa_desktop.domain.records import ActivityRec
from ropa_desktop.exporters.xlsx import export_xlsx
from ropa_desktop.importers.xlsx import import_xlsx
from ropa_desktop.services.activities import get_activity, save_activity
from ropa_desktop.services.register import Register
from tests.test_xlsx_roundtrip_property import _register, line, long_text
from tests.xlsx_corpus import row_of, set_cell

# Register sheet columns a reviewer types into, with the field each holds.
CELLS = [
    ("Description", "description"),
    ("Business function (owner)", "owner_department"),
    ("Joint controllers (name and contact details)", "joint_controllers"),
    ("Security measures: further details", "measures_note"),
    ("DPIA reference", "dpia_reference"),
]
cell = st.sampled_from(CELLS)
# One activity whose texts are short, typed with any script, or longer than a cell holds.
texts = st.one_of(line, long_text)


@st.composite
def activities(draw: st.DrawFn) -> list[ActivityRec]:
    # One text may be longer than a cell holds; the others are what people type.
    values = {f: draw(texts if f == "description" else line) for _, f in CELLS}
    return [ActivityRec(key="act-0", reference="PA-0", name=draw(line), **values)]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(activities(), cell, cell, line, line)
def test_edits_on_both_sides_merge_per_cell(
    acts: list, app: tuple[str, str], legal: tuple[str, str], ours: str, theirs: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        register: Register = _register(acts, Path(tmp), "Customer data")  # type: ignore[assignment]
        try:
            path = export_xlsx(register, Path(tmp) / "r.xlsx")
            before = get_activity(register, key="act-0")
            app_value, legal_value = f"app {theirs}", f"legal {ours}"
            save_activity(register, record=dataclasses.replace(before, **{app[1]: app_value}))
            wb = openpyxl.load_workbook(path)
            ws = wb["Register"]
            set_cell(ws, row_of(ws, "Reference", "PA-0"), legal[0], legal_value)
            wb.save(path)

            result = import_xlsx(register, path, dry_run=False)
            now = get_activity(register, key="act-0")
            if app == legal:
                (conflict,) = result.conflicts
                assert (conflict.register, conflict.workbook) == (app_value, legal_value)
                assert getattr(now, app[1]) == app_value
            else:
                assert result.conflicts == []
                assert (getattr(now, app[1]), getattr(now, legal[1])) == (app_value, legal_value)
            untouched = {f for _, f in CELLS} - {app[1], legal[1]}
            assert all(getattr(now, f) == getattr(before, f) for f in untouched)
        finally:
            register.close()
