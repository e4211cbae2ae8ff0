"""The completeness indicator: Art. 30 items met, what is missing, blocking findings."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.domain.records import ActivityRec
from ropa_desktop.services import activities
from ropa_desktop.services.checks import BLOCKING, REQUIREMENTS
from ropa_desktop.services.register import Register


class CompletenessLabel(QLabel):
    """Shows ``review_activity`` of the record on screen, unsaved edits included."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.met = 0
        self.total = 0

    def show_review(self, register: Register, rec: ActivityRec) -> None:
        try:
            self.met, self.total, findings = activities.review_activity(register, record=rec)
        except RopaError as exc:
            self.setText(str(exc))
            return
        missing = [REQUIREMENTS[f.code] for f in findings if f.code in REQUIREMENTS]
        confirm = len(rec.to_confirm)
        colour = "#a33a00" if self.met != self.total else "#8a5300" if confirm else "#1b6e2a"
        text = f"<b style='color:{colour}'>Completeness {self.met} / {self.total}</b>"
        if confirm:
            # Filled in is not the same as confirmed: say how much still awaits the DPO.
            text += f" · <b style='color:#8a5300'>{confirm} to confirm</b>"
        if missing:
            text += " — missing: " + ", ".join(dict.fromkeys(missing))
        others = [
            f.message for f in findings if f.code not in REQUIREMENTS and f.severity == BLOCKING
        ]
        if others:
            # Messages quote what users typed: escaped, never read as markup.
            text += "<br>" + "<br>".join(f"⚠ {html.escape(m)}" for m in others[:4])
        self.setText(text)
