"""The activity list model and its fast filter proxy, without widgets."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, Qt

from ropa_desktop.domain.enums import Role, Status
from ropa_desktop.services.activities import ActivitySummary
from ropa_desktop.ui.activity_model import (
    COL_COMPLETE,
    COL_NAME,
    COL_REFERENCE,
    KEY_ROLE,
    ActivityFilterProxy,
    ActivityTableModel,
)


def summary(n: int, name: str, status: Status = Status.DRAFT, extra: str = "") -> ActivitySummary:
    return ActivitySummary(
        key=f"k{n}", reference=f"PA-{n:02d}", name=name, role=Role.CONTROLLER, legal_bases="Consent",
        status=status, complete=n % 8, total=7, next_review_on=dt.date(2030, 1, n),
        search_text=f"PA-{n:02d} {name} {extra}".casefold(), version=1,
    )  # fmt: skip


ROWS = [
    summary(1, "Newsletter", Status.APPROVED, "send news by e-mail newsletter-subscribers"),
    summary(2, "Payroll", Status.DRAFT, "pay employees hr-data"),
    summary(3, "Webinar sign-up", Status.IN_REVIEW, "register for webinars contact details"),
    summary(4, "Customer support", Status.APPROVED, "answer tickets contact details"),
]


def make() -> tuple[ActivityTableModel, ActivityFilterProxy]:
    model = ActivityTableModel()
    proxy = ActivityFilterProxy()
    proxy.setSourceModel(model)
    model.set_rows(ROWS)
    return model, proxy


def names(proxy: ActivityFilterProxy) -> list[str]:
    return [proxy.index(r, COL_NAME).data() for r in range(proxy.rowCount())]


def test_rows_show_display_values_and_keys() -> None:
    model, proxy = make()
    assert proxy.rowCount() == 4
    assert model.index(0, COL_REFERENCE).data() == "PA-01"
    assert model.index(0, COL_COMPLETE).data() == "1 / 7"
    assert model.index(1, COL_NAME).data(KEY_ROLE) == "k2"
    assert model.headerData(COL_NAME, Qt.Orientation.Horizontal) == "Name"


def test_filter_matches_name_purpose_and_categories_case_insensitively() -> None:
    _, proxy = make()
    proxy.set_text("NEWS")
    assert names(proxy) == ["Newsletter"]
    proxy.set_text("contact details")  # every word must match, in any field
    assert names(proxy) == ["Webinar sign-up", "Customer support"]
    proxy.set_text("hr-data")
    assert names(proxy) == ["Payroll"]
    proxy.set_text("")
    assert len(names(proxy)) == 4


def test_status_filter_combines_with_text() -> None:
    _, proxy = make()
    proxy.set_status(Status.APPROVED)
    assert names(proxy) == ["Newsletter", "Customer support"]
    proxy.set_text("tickets")
    assert names(proxy) == ["Customer support"]
    proxy.set_status(None)
    proxy.set_text("")
    assert len(names(proxy)) == 4


def test_sort_uses_precomputed_keys_and_keeps_the_filter() -> None:
    _, proxy = make()
    proxy.set_text("contact")
    proxy.sort(COL_NAME, Qt.SortOrder.AscendingOrder)
    assert names(proxy) == ["Customer support", "Webinar sign-up"]
    proxy.sort(COL_COMPLETE, Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["Customer support", "Webinar sign-up"]
    proxy.set_text("")
    proxy.sort(COL_NAME, Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["Webinar sign-up", "Payroll", "Newsletter", "Customer support"]


def test_selection_follows_rows_through_a_sort() -> None:
    model, proxy = make()
    selection = QItemSelectionModel(proxy)
    selection.select(proxy.index(1, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert selection.selectedIndexes()[0].data(KEY_ROLE) == "k2"
    proxy.sort(COL_NAME, Qt.SortOrder.DescendingOrder)
    assert selection.selectedIndexes()[0].data(KEY_ROLE) == "k2"
    assert model.row_of("k2") == 1
