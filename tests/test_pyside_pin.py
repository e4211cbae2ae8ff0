"""PySide6 6.12.0 on CPython 3.11 drops a reference to None on every void call; we pin <6.12."""

from __future__ import annotations

import sys

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot


def test_void_calls_do_not_drop_references_to_none(qtbot: QtBot) -> None:
    combo = QComboBox()
    qtbot.addWidget(combo)
    model = QStandardItemModel()
    before = sys.getrefcount(None)
    for i in range(10_000):
        combo.addItem(f"item {i}")  # void-returning
        model.appendRow(QStandardItem(f"row {i}"))  # void-returning
    combo.clear()
    model.clear()
    after = sys.getrefcount(None)
    # A leaking build loses 20,000 references here; allow a little noise.
    assert after >= before - 100, f"None lost {before - after} references"
    assert not QModelIndex().isValid()
