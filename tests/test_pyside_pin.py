"""PySide6 6.12.0 on CPython 3.11 drops a reference to None on every void call; we pin <6.12."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot


def test_void_calls_do_not_drop_references_to_none(qtbot: QtBot) -> None:
    combo = QComboBox()
    qtbot.addWidget(combo)
    model = QStandardItemModel()
    items = [QStandardItem(f"row {i}") for i in range(10_000)]
    # Garbage from earlier tests, collected mid-loop, would release references to None
    # too; collect it first and keep the collector out of the measured loop.
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(None)
        for i, item in enumerate(items):
            combo.addItem(f"item {i}")  # void-returning
            model.appendRow(item)  # void-returning
        after = sys.getrefcount(None)
    finally:
        gc.enable()
    combo.clear()
    model.clear()
    # A leaking build loses 20,000 references here; allow a little noise.
    assert after >= before - 100, f"None lost {before - after} references"
    assert not QModelIndex().isValid()
