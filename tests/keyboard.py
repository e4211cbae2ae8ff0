"""Keyboard helpers for GUI tests: walk the Tab chain, list the mnemonics a window offers."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

_INPUTS = (
    QAbstractButton, QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit,
    QAbstractItemView,
)  # fmt: skip
_MNEMONIC = re.compile(r"&([^&\s])")


def describe(widget: QWidget | None) -> str:
    if widget is None:
        return "nothing"
    text = widget.text() if isinstance(widget, (QAbstractButton, QLabel)) else ""
    return f"{type(widget).__name__} “{widget.accessibleName() or text}”"


def inputs(root: QWidget) -> list[QWidget]:
    """Every enabled, shown widget under ``root`` a user types into, ticks or presses."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, _INPUTS) or isinstance(widget.parentWidget(), _INPUTS):
            continue  # the line edit inside a spin box or combo is the box itself
        if isinstance(widget, QAbstractButton) and isinstance(widget.parentWidget(), QTabBar):
            continue  # the tab bar's scroll arrows
        shown = widget.isVisibleTo(root.window()) and widget.isEnabled()
        if shown and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            found.append(widget)
    return found


def tab_chain(start: QWidget, *, backward: bool = False, limit: int = 400) -> list[QWidget]:
    """Focus ``start`` and press Tab (Shift+Tab) until focus comes back to it; the widgets
    focused on the way, in order. Fails when focus stops moving (a trap): a date may keep
    it for its three parts (year, month, day), nothing longer."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    key = Qt.Key.Key_Backtab if backward else Qt.Key.Key_Tab
    first = QApplication.focusWidget()
    seen: list[QWidget] = []
    stuck = 0
    for _ in range(limit):
        here = QApplication.focusWidget()
        QTest.keyClick(here, key)
        now = QApplication.focusWidget()
        if now is first:
            return seen
        stuck = stuck + 1 if now is here else 0
        assert stuck < 3, f"Tab is trapped in {describe(here)}"
        if now is not here:
            seen.append(now)
    raise AssertionError(f"Tab never came back to {describe(first)}")


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Alt+letter -> what offers it, among the shown widgets of ``window`` (its menu bar,
    tabs, labels with a buddy, buttons, group boxes)."""
    offers: dict[str, list[str]] = {}

    def add(text: str, what: str) -> None:
        for letter in _MNEMONIC.findall(text.replace("&&", "")):
            offers.setdefault(letter.casefold(), []).append(what)

    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            add(action.text(), f"menu {action.text()}")
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            add(widget.text(), f"label {widget.text()}")
        elif isinstance(widget, QAbstractButton):
            add(widget.text(), f"button {widget.text()}")
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            add(widget.title(), f"group {widget.title()}")
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                add(widget.tabText(i), f"tab {widget.tabText(i)}")
    return offers


def clashes(window: QWidget) -> dict[str, list[str]]:
    return {k: v for k, v in mnemonics(window).items() if len(v) > 1}
