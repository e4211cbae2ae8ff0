"""The workbook's Findings sheet is sorted on disk (``FindingSpool``), in the order the
sheet always had: blocking first, kind of record, reference as a register reads it (PA-2
before PA-10), name, and the checks' own order among equals."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ropa_desktop.exporters.xlsx.readonly_sheets import FindingSpool
from ropa_desktop.services.references import reference_order

references = st.one_of(
    st.builds(
        lambda p, n: f"{p}-{n}", st.sampled_from(["PA", "pa", "RT", "PA-1"]), st.integers(0, 10**12)
    ),
    st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=12),
)
keys = st.tuples(
    st.booleans(), st.integers(0, 4), references, st.sampled_from(["a", "b", "é", "B"])
)


@settings(max_examples=200, deadline=None)
@given(st.lists(keys, max_size=40))
def test_the_spool_gives_the_rows_in_the_sheet_order(
    found: list[tuple[bool, int, str, str]],
) -> None:
    keyed = [
        ((later, kind, reference_order(ref), name), [ref, name, str(i)])
        for i, (later, kind, ref, name) in enumerate(found)
    ]
    spool = FindingSpool()
    spool.add(keyed)
    expected = [row for _, row in sorted(keyed, key=lambda item: item[0])]
    assert list(spool.rows()) == expected


def test_a_reference_sorts_as_a_register_reads_it() -> None:
    spool = FindingSpool()
    spool.add(
        ((False, 0, reference_order(r), ""), [r])
        for r in ["PA-10", "PA-2", "PA-1", "pa-3", "PA-2b"]
    )
    assert [row[0] for row in spool.rows()] == ["PA-1", "PA-2", "PA-2b", "pa-3", "PA-10"]
