"""The organisation: controller identity and contact, DPO, EU representative."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ropa_desktop.domain.base import new_key
from ropa_desktop.domain.errors import ConflictError, RopaError, ValidationError
from ropa_desktop.domain.records import OrganisationRec
from ropa_desktop.services.organisation import get_organisation, save_organisation
from ropa_desktop.ui import prompts
from ropa_desktop.ui.confirm_bar import ConfirmBar
from ropa_desktop.ui.duties_box import DutiesBox
from ropa_desktop.ui.section_base import ERROR_STYLE, Section, lead_to, line_edit, text_edit
from ropa_desktop.ui.workspace import Workspace

# (field, label, multi-line, placeholder), grouped as a DPO reads Art. 30(1)(a).
_GROUPS = (
    ("Controller", (
        ("name", "&Name", False, "Legal name of the controller"),
        ("registration_number", "Re&gistration number", False, "e.g. SIREN / company number"),
        ("address", "&Address", True, ""),
        ("contact_email", "C&ontact e-mail", False, "privacy@example.com"),
        ("contact_phone", "Contact &phone", False, ""),
        ("website", "&Website", False, "https://"),
    )),
    ("Data protection officer", (
        ("dpo_name", "DPO na&me", False, "Person or service"),
        ("dpo_email", "DPO e-ma&il", False, ""),
        ("dpo_phone", "&DPO phone", False, ""),
    )),
    ("EU representative (Art. 27) and authority", (
        ("representative_name", "&Representative", False, "Only for controllers outside the EU"),
        ("representative_contact", "Representative &contact", True, ""),
        ("supervisory_authority", "S&upervisory authority", False, "e.g. CNIL"),
    )),
    ("Procedures", (
        ("data_subject_rights", "Data-sub&ject rights", True, "How people exercise their rights"),
        ("breach_procedure", "&Breach procedure", True, "Who notifies whom within 72 hours"),
    )),
)  # fmt: skip


class _Group(Section):
    def __init__(
        self, title: str, fields: tuple[tuple[str, str, bool, str], ...], parent: QWidget
    ) -> None:
        super().__init__(title, parent)
        self.fields = {}
        for name, label, multi, hint in fields:
            widget = text_edit(self, hint, 3) if multi else line_edit(self, hint)
            self.fields[name] = self.add_field(label, widget, name)
            self.wire(widget.textChanged)

    def load(self, rec: OrganisationRec) -> None:
        for name, widget in self.fields.items():
            value = getattr(rec, name)
            widget.setPlainText(value) if hasattr(widget, "setPlainText") else widget.setText(value)

    def apply_to(self, rec: OrganisationRec) -> OrganisationRec:
        values = {
            name: w.toPlainText() if hasattr(w, "toPlainText") else w.text()
            for name, w in self.fields.items()
        }
        return dataclasses.replace(rec, **values)


class OrganisationForm(QWidget):
    saved = Signal()
    dirty_changed = Signal(bool)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._baseline = OrganisationRec(key=new_key(), name="")
        self._dirty = False
        self._loading = False
        self.title = QLabel(
            "<b>Organisation</b> — the controller named on every record (Art. 30(1)(a))", self
        )
        self.banner = QLabel(self)
        self.banner.setStyleSheet(ERROR_STYLE)
        self.banner.hide()
        self.confirm_bar = ConfirmBar(self)
        self.confirm_bar.confirmed.connect(self.mark_confirmed)
        self.save_button = QPushButton("&Save organisation", self)
        self.revert_button = QPushButton("Rever&t", self)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        body = QWidget(self)
        column = QVBoxLayout(body)
        self.groups = [_Group(title, fields, body) for title, fields in _GROUPS]
        for group in self.groups:
            column.addWidget(group)
            group.edited.connect(self._edited)
        self.duties = DutiesBox(workspace, body)
        column.addWidget(self.duties)
        column.addStretch(1)
        self.scroll = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.save_button)
        head.addWidget(self.revert_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.confirm_bar)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        workspace.register_changed.connect(self._register_changed)
        self.reload()

    def field(self, name: str) -> QWidget:
        for group in self.groups:
            if name in group.fields:
                return group.fields[name]
        raise KeyError(name)

    def load(self, rec: OrganisationRec) -> None:
        self._baseline = rec
        self._loading = True
        try:
            for group in self.groups:
                group.load(rec)
        finally:
            self._loading = False
        self.confirm_bar.show_marks(rec.to_confirm)
        self._edited()

    @Slot()
    def mark_confirmed(self) -> bool:
        """The DPO has checked every marked field: clear the marks and save."""
        return self._save(dataclasses.replace(self.record(), to_confirm=()))

    def record(self) -> OrganisationRec:
        rec = self._baseline
        for group in self.groups:
            rec = group.apply_to(rec)
        return rec

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    @Slot()
    def _edited(self) -> None:
        if self._loading:
            return
        dirty = self.record() != self._baseline
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    @Slot()
    def reload(self) -> None:
        current = get_organisation(self.workspace.register)
        self.load(current or OrganisationRec(key=new_key(), name=""))

    @Slot()
    def _register_changed(self) -> None:
        if not self._dirty:
            self.reload()

    @Slot()
    def revert(self) -> None:
        self.load(self._baseline)
        self._clear_errors()

    def show_finding(self, field: str, message: str) -> bool:
        """Lead to the field a finding concerns; False when the form has no such field."""
        self._clear_errors()
        return lead_to(self.groups, self.scroll, field, message) is not None

    def _clear_errors(self) -> None:
        for group in self.groups:
            group.clear_errors()
        self.banner.hide()

    @Slot()
    def save(self) -> bool:
        return self._save(self.record())

    def _save(self, rec: OrganisationRec) -> bool:
        self._clear_errors()
        try:
            saved = save_organisation(self.workspace.register, record=rec)
        except ValidationError as exc:
            rest = exc.errors
            for group in self.groups:
                rest = group.show_errors(rest)
            self.banner.setText("\n".join(str(e) for e in rest))
            self.banner.setVisible(bool(rest))
            return False
        except ConflictError:
            return prompts.settle_conflict(
                self,
                "organisation",
                rec,
                get_organisation(self.workspace.register),
                overwrite=lambda v: self._save(dataclasses.replace(rec, version=v)),
                reload=self.load,
            )
        except RopaError as exc:
            prompts.warn(self, "Not saved", str(exc))
            return False
        self.load(saved)
        self.saved.emit()
        self.workspace.notify_changed()
        return True

    def maybe_leave(self) -> bool:
        if not self._dirty:
            return True
        return prompts.settle_unsaved(self, "The organisation", save=self.save, discard=self.revert)
