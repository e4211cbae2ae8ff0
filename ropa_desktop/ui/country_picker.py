"""A country picker over ISO 3166: type part of a name in English or French, Enter picks it.

The combo box holds every country by its name in the current language with its code as the
item's data; what it gives back is the code, or the words as typed when they name no country
(an international organisation), which the register keeps as written.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ropa_desktop.domain.text import fold
from ropa_desktop.services.countries import all_countries, as_code
from ropa_desktop.services.language import current_language

Index = QModelIndex | QPersistentModelIndex


def country_choices() -> tuple[tuple[str, str], ...]:
    """(code, name) for every country, by name in the current language."""
    return all_countries(current_language())


class CountryCombo(QComboBox):
    """An editable combo over the countries' names that answers with a code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code, name in country_choices():
            self.addItem(name, code)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.setCurrentIndex(-1)
        self.setAccessibleName("Country")

    def set_value(self, value: str) -> None:
        """Show a stored country: a code by its name, other words as written."""
        at = self.findData(value) if value else -1
        self.setCurrentIndex(at)
        if at < 0:
            self.setEditText(value)

    def value(self) -> str:
        """The code of the country typed or chosen, else the words as typed."""
        typed = self.currentText().strip()
        if not typed:
            return ""
        names = {fold(self.itemText(i)): self.itemData(i) for i in range(self.count())}
        if fold(typed) in names:
            return str(names[fold(typed)])
        code = as_code(typed)
        if code is not None:
            return code
        # "Fra" typed and Enter pressed: the first name that starts with it, as offered.
        for i in range(self.count()):
            if fold(self.itemText(i)).startswith(fold(typed)):
                return str(self.itemData(i))
        return typed


class CountryDelegate(QStyledItemDelegate):
    """Edits a table's country cell with a :class:`CountryCombo`."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        return CountryCombo(parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, CountryCombo):
            editor.set_value(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, CountryCombo):
            model.setData(index, editor.value())
