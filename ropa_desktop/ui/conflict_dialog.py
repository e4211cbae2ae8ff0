"""Someone else saved the record meanwhile: reload theirs, overwrite with mine, or compare."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ropa_desktop.domain.records import diff, record_title
from ropa_desktop.ui.table_model import RowTableModel, TableColumn

RELOAD, OVERWRITE, CANCEL = "reload", "overwrite", "cancel"


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return "\n".join(_text(v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items() if v not in ("", None, False))
    return str(value)


def _named(rec: Any) -> str:
    """How the dialog names the record: its name, or for a rights request (which has
    none) its reference and the right exercised (“RR-03 · Access (Art. 15)”)."""
    kind = getattr(rec, "request_type", None)
    if kind is not None and not getattr(rec, "name", ""):
        return record_title(rec.reference, kind.label)
    return getattr(rec, "name", "") or getattr(rec, "key", "")


def compare_rows(mine: Any, theirs: Any | None) -> list[tuple[str, str, str]]:
    """(field, mine, theirs) for every field that differs (records.diff)."""
    changes = diff(theirs, mine)
    return [
        (name.replace("_", " ").capitalize(), _text(values["after"]), _text(values["before"]))
        for name, values in changes.items()
    ]


class ConflictDialog(QDialog):
    """Never loses the user's edit: Cancel keeps editing, Reload is undoable afterwards."""

    def __init__(
        self, entity: str, mine: Any, theirs: Any | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.choice = CANCEL
        self.setWindowTitle("Changed by someone else")
        label = _named(mine)
        if theirs is None:
            text = (
                f"The {entity} “{label}” was deleted by someone else after you opened it. "
                "Overwrite saves your version again; Cancel keeps editing."
            )
        else:
            text = (
                f"The {entity} “{label}” was saved by someone else (now version {theirs.version}; "
                f"you edited version {mine.version}). Nothing of yours was saved yet."
            )
        self.message = QLabel(text, self)
        self.message.setWordWrap(True)
        self.model = RowTableModel(
            (TableColumn("Field"), TableColumn("Mine"), TableColumn("Theirs")), self
        )
        self.model.set_rows(compare_rows(mine, theirs))
        self.table = QTableView(self)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        self.table.setModel(proxy)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.hide()
        self.reload_button = QPushButton("&Reload theirs (discard mine)", self)
        self.overwrite_button = QPushButton("&Overwrite with mine", self)
        self.compare_button = QPushButton("&Compare", self)
        self.compare_button.setCheckable(True)
        self.cancel_button = QPushButton("Cancel, keep editing", self)
        self.reload_button.setEnabled(theirs is not None)
        self.reload_button.setToolTip("Your edit stays one Undo away.")
        self.reload_button.clicked.connect(self._reload)
        self.overwrite_button.clicked.connect(self._overwrite)
        self.compare_button.toggled.connect(self._compare)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.compare_button, self.reload_button, self.overwrite_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.cancel_button.setDefault(True)
        self.resize(720, 200)

    @Slot()
    def _reload(self) -> None:
        self.choice = RELOAD
        self.accept()

    @Slot()
    def _overwrite(self) -> None:
        self.choice = OVERWRITE
        self.accept()

    @Slot(bool)
    def _compare(self, shown: bool) -> None:
        self.table.setVisible(shown)
        if shown:
            self.table.resizeRowsToContents()
            self.resize(max(self.width(), 820), max(self.height(), 460))

    def compared(self) -> list[tuple[str, str, str]]:
        """What the Compare table lists (for tests and screen readers)."""
        return list(self.model.rows)
