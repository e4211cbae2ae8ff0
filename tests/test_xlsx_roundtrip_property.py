"""Property: export then import changes nothing; one edited cell changes exactly that field."""

from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ropa_desktop.domain.enums import LegalBasis, Status
from ropa_desktop.domain.records import ActivityRec, DataUseRec, PurposeRec, RetentionRuleRec
from ropa_desktop.exporters.xlsx import export_xlsx
from ropa_desktop.importers.xlsx import import_xlsx, plan_xlsx
from ropa_desktop.services.activities import get_activity, save_activity
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.register import open_register
from ropa_desktop.services.retention import save_rule
from tests.xlsx_corpus import ORG, column, row_of, set_cell

# What people type: any letter, digit, punctuation, symbol or space of any script,
# line breaks, and text a spreadsheet would take for a formula.
_chars = st.characters(
    blacklist_categories=("Cs", "Cc", "Co", "Cn"), whitelist_characters="\n\t"
)  # fmt: skip
long_text = st.one_of(
    st.text(_chars, max_size=60),
    st.builds(lambda p, t: p + t, st.sampled_from(["=", "+", "-", "@", "＝", "\t", "=HYPERLINK("]), st.text(_chars, max_size=30)),
    # Longer than one cell holds (32,767): exported clipped, never imported back as an edit.
    st.sampled_from([33_000, 45_000]).map(lambda n: ("=Très long\n" * n)[:n]),
)  # fmt: skip
line = (
    st.text(_chars.filter(lambda c: c not in "\n\t"), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)


@st.composite
def activities(draw: st.DrawFn) -> list[ActivityRec]:
    count = draw(st.integers(1, 3))
    out = []
    for i in range(count):
        purposes = draw(st.lists(line, max_size=3, unique_by=lambda s: " ".join(s.split())))
        out.append(
            ActivityRec(
                key=f"act-{i}", reference=f"PA-{i}", name=draw(line), status=draw(st.sampled_from([Status.DRAFT, Status.IN_REVIEW])),
                description=draw(long_text), joint_controllers=draw(long_text), measures_note=draw(long_text),
                purposes=tuple(PurposeRec(p, draw(st.none() | st.sampled_from(LegalBasis)), legal_basis_detail=draw(long_text)[:2000]) for p in purposes),
                data_categories=tuple(DataUseRec(c, note=draw(line)) for c in draw(st.lists(st.sampled_from(["identity", "health", "contact-details"]), unique=True, max_size=2))),
                subject_categories=tuple(draw(st.lists(st.sampled_from(["customers", "minors", "employees"]), unique=True, max_size=2))),
            )
        )  # fmt: skip
    return out


def _register(acts: list[ActivityRec], folder: Path, text: str) -> object:
    register = open_register(str(folder / "r.sqlite"), actor="prop")
    save_organisation(register, record=ORG)
    for rec in acts:
        save_activity(register, record=rec)
    save_rule(
        register,
        record=RetentionRuleRec(
            key="ret-0",
            activity="act-0",
            data_description=text[:2000],
            open_ended_term="While active",
        ),
    )
    return register  # fmt: skip


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(activities(), long_text)
def test_export_then_import_without_edit_changes_nothing(
    acts: list[ActivityRec], text: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        register = _register(acts, Path(tmp), text)
        try:
            path = export_xlsx(register, Path(tmp) / "r.xlsx")  # type: ignore[arg-type]
            result = plan_xlsx(register, path)  # type: ignore[arg-type]
            assert result.errors == [] and result.conflicts == []
            assert result.is_empty, result.lines()
        finally:
            register.close()  # type: ignore[attr-defined]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(activities(), long_text.filter(lambda t: t.strip() and len(t) <= 32_000))
def test_an_edited_cell_changes_exactly_that_field(acts: list[ActivityRec], text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        register = _register(acts, Path(tmp), "Customer data")
        try:
            path = export_xlsx(register, Path(tmp) / "r.xlsx")  # type: ignore[arg-type]
            wb = openpyxl.load_workbook(path)
            ws = wb["Register"]
            set_cell(ws, row_of(ws, "Reference", "PA-0"), "Description", text)
            wb.save(path)
            before = get_activity(register, key="act-0")  # type: ignore[arg-type]
            result = import_xlsx(register, path, dry_run=False)  # type: ignore[arg-type]
            wanted = "\n".join(x.rstrip() for x in text.replace("\r", "\n").strip().split("\n"))
            if wanted == "\n".join(x.rstrip() for x in before.description.strip().split("\n")):
                assert result.is_empty
            else:
                (change,) = result.changes.changes
                assert list(change.fields) == ["description"]
                assert get_activity(register, key="act-0").description == text.strip()  # type: ignore[arg-type]
            assert column(ws, "Description") == 6
        finally:
            register.close()  # type: ignore[attr-defined]
