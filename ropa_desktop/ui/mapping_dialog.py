"""The mapping step of File › Import › Existing register, for a table of its own layout.

One line per column of the table: its letter and header, the register field it fills
(proposed from the header words, or as the DPO mapped the same headers last time), and
the first values it holds, as the import will read them. A field can fill one column
only (a note, kept under its header, any number); a column that names the activities
(a name or a purpose) is needed. "Save mapping as…" writes the mapping file the command
line reads (``ropa import spreadsheet --mapping FILE``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.exporters.files import write_atomically
from ropa_desktop.importers.spreadsheet.cnil_layout import Cell, column_letters
from ropa_desktop.importers.spreadsheet.table import Table
from ropa_desktop.importers.spreadsheet.table_fields import FIELDS, NOTE, field
from ropa_desktop.importers.spreadsheet.table_mapping import Mapping, mapping_text
from ropa_desktop.ui import prompts

_PREVIEW_ROWS = 3
_PREVIEW_CHARS = 90
NOT_IMPORTED = "Not imported"


class MappingDialog(QDialog):
    def __init__(
        self, title: str, table: Table, folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self.setWindowTitle(title)
        self.table = table
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Sheet “{table.sheet.title}”, headers in row {table.header_row}. Choose the register "
            "field each column fills; the first values of each column are shown as they will be "
            "read. Nothing is imported until you have reviewed the changes."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setColumnStretch(2, 1)
        for col, text in enumerate(("Column", "Register field", "First values")):
            head = QLabel(f"<b>{text}</b>")
            grid.addWidget(head, 0, col)
        self.combos: dict[int, QComboBox] = {}
        for row, column in enumerate(c for c in table.columns if c.header):
            label = QLabel(f"{column_letters(column.index + 1)}  “{column.header}”")
            label.setWordWrap(True)
            label.setMinimumWidth(240)
            label.setMaximumWidth(360)
            combo = QComboBox()
            combo.addItem(NOT_IMPORTED, None)
            for spec in FIELDS:
                combo.addItem(spec.label, spec.key)
            combo.setCurrentIndex(max(0, combo.findData(column.field)) if column.field else 0)
            combo.setAccessibleName(f"Field for column {column.header}")
            combo.currentIndexChanged.connect(self._check)
            label.setBuddy(combo)
            sample = QLabel(self._sample(column.index))
            sample.setWordWrap(True)
            sample.setStyleSheet("color: palette(dark);")
            grid.addWidget(label, row + 1, 0)
            grid.addWidget(combo, row + 1, 1)
            grid.addWidget(sample, row + 1, 2)
            self.combos[column.index] = combo
        grid.setRowStretch(len(self.combos) + 1, 1)  # rows stay at the top, not spread out
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_host)
        layout.addWidget(scroll, 1)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.save = QPushButton("Save mapping as…")
        self.ok = buttons.addButton("Continue", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save.clicked.connect(self._save)
        row = QHBoxLayout()
        row.addWidget(self.save)
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.resize(980, 600)
        self._check()

    def _sample(self, index: int) -> str:
        values = []
        for values_row in self.table.sheet.rows[self.table.header_row :]:
            if index < len(values_row):
                text = Cell("", 0, 0, values_row[index]).text
                if text:
                    values.append(" ".join(text.split()))
            if len(values) == _PREVIEW_ROWS:
                break
        joined = "  ·  ".join(values) or "(empty)"
        return joined if len(joined) <= _PREVIEW_CHARS else joined[: _PREVIEW_CHARS - 1] + "…"

    def mapping(self) -> Mapping:
        """The mapping as chosen, keyed by the table's headers."""
        columns: dict[str, str | None] = {}
        for column in self.table.columns:
            if column.header and column.index in self.combos:
                columns[column.header] = self.combos[column.index].currentData()
        return Mapping(columns, sheet=self.table.sheet.title, header_row=self.table.header_row)

    def _check(self) -> None:
        chosen: dict[str, list[str]] = {}
        for column in self.table.columns:
            combo = self.combos.get(column.index)
            key = combo.currentData() if combo is not None else None
            if key not in (None, NOTE):
                chosen.setdefault(key, []).append(column_letters(column.index + 1))
        twice = [(k, cols) for k, cols in chosen.items() if len(cols) > 1]
        problem = ""
        if twice:
            key, cols = twice[0]
            spec = field(key)
            problem = (
                f"“{spec.label if spec else key}” is chosen for columns {' and '.join(cols)}; "
                "choose it for one column (keep the others as a description note)."
            )
        elif not chosen.keys() & {"name", "purposes"}:
            problem = "Choose the column that names the activities (Name or Purposes)."
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.ok.setEnabled(not problem)

    def _save(self) -> None:
        suggested = self.folder / f"{self.table.sheet.title}-mapping.json"
        path = prompts.ask_save_path(self, "Save the column mapping", "Mapping (*.json)", suggested)
        if path is None:
            return
        if path.suffix.lower() != ".json":
            path = path.with_name(f"{path.name}.json")
        try:
            write_atomically(path, mapping_text(self.mapping()).encode("utf-8"))
        except (RopaError, OSError) as exc:
            prompts.warn(self, "Mapping not saved", f"The mapping was not saved: {exc}")
            return
        prompts.inform(
            self,
            "Mapping saved",
            f"Saved as {path.name}. The command line imports the same table with it: "
            f"ropa import spreadsheet FILE --mapping {path.name}",
        )
