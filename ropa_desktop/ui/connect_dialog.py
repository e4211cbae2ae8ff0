"""File › Connect to a PostgreSQL register: the server, the TLS mode, and no stored password.

The dialog connects itself (on the job runner) and stays open on a failure with the
reason in one sentence, so the user corrects a field instead of typing everything
again. What it remembers is the fields, never the password: that comes from libpq's
password file, the service file or the system keyring (services.connection).
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.services.connection import (
    DEFAULT_PORT,
    TLS_MODES,
    Connected,
    ServerLogin,
    connect,
)
from ropa_desktop.ui import prompts
from ropa_desktop.ui.section_base import ERROR_STYLE
from ropa_desktop.ui.workers import JobCancelled
from ropa_desktop.ui.workspace import Workspace

_INTRO = (
    "Connect to a team register on a PostgreSQL server. Leave the password empty when it "
    "is in your password file (~/.pgpass) or service file, or kept in the system keyring."
)


class ConnectDialog(QDialog):
    """``connected`` holds the opened register once the dialog is accepted."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.connected: Connected | None = None
        self.setWindowTitle("Connect to a PostgreSQL register")
        intro = QLabel(_INTRO, self)
        intro.setWordWrap(True)
        self.service = QLineEdit(self)
        self.service.setPlaceholderText("optional: a name from your service file")
        self.host = QLineEdit(self)
        self.host.setPlaceholderText("db.example.org")
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit(self)
        self.user = QLineEdit(self)
        self.tls = QComboBox(self)
        for mode, label in TLS_MODES.items():
            self.tls.addItem(label, mode)
        self.root_cert = QLineEdit(self)
        self.root_cert.setPlaceholderText("for Verify CA and Verify full")
        self.browse = QPushButton("&Browse…", self)
        self.browse.clicked.connect(self._browse)
        cert_row = QHBoxLayout()
        cert_row.addWidget(self.root_cert, 1)
        cert_row.addWidget(self.browse)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("from your password file or the keyring")
        self.keep = QCheckBox("&Keep the password in the system keyring", self)
        form = QFormLayout()
        form.addRow("&Service name:", self.service)
        form.addRow("&Host:", self.host)
        form.addRow("P&ort:", self.port)
        form.addRow("&Database:", self.database)
        form.addRow("&User:", self.user)
        form.addRow("&TLS mode:", self.tls)
        cert_label = QLabel("&Root certificate:", self)  # a row of two: its label needs a buddy
        cert_label.setBuddy(self.root_cert)
        form.addRow(cert_label, cert_row)
        form.addRow("Pass&word:", self.password)
        form.addRow("", self.keep)
        self.error = QLabel(self)
        self.error.setObjectName("connect_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.connect_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText("&Connect")
        self.buttons.accepted.connect(self.try_connect)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.set_login(_remembered(workspace))
        self.resize(560, self.sizeHint().height())

    def set_login(self, login: ServerLogin) -> None:
        self.service.setText(login.service)
        self.host.setText(login.host)
        self.port.setValue(login.port)
        self.database.setText(login.database)
        self.user.setText(login.user)
        self.tls.setCurrentIndex(max(0, self.tls.findData(login.sslmode)))
        self.root_cert.setText(login.sslrootcert)

    def login(self) -> ServerLogin:
        """The fields as typed (no password)."""
        return ServerLogin(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
            sslmode=str(self.tls.currentData()),
            sslrootcert=self.root_cert.text().strip(),
            service=self.service.text().strip(),
        )

    @Slot()
    def _browse(self) -> None:
        start = Path(self.root_cert.text()).parent if self.root_cert.text() else Path.home()
        path = prompts.ask_open_path(
            self, "Root certificate", "Certificates (*.crt *.pem *.cer);;All files (*)", start
        )
        if path is not None:
            self.root_cert.setText(str(path))

    @Slot()
    def try_connect(self) -> None:
        """Connect; on success remember the fields and close, else say why and stay."""
        login, password, keep = self.login(), self.password.text(), self.keep.isChecked()
        self.error.hide()
        try:
            connected = self.workspace.runner.run(
                self,
                f"Connecting to {login.where()}…",
                lambda: connect(login, password=password, keep=keep),
                on_discard=lambda done: done.register.close(),
            )
        except JobCancelled:
            return
        except RopaError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.connected = connected
        self.password.clear()
        self.workspace.settings.remember_server_login(json.dumps(login.to_settings()))
        self.accept()


def _remembered(workspace: Workspace) -> ServerLogin:
    try:
        values = json.loads(workspace.settings.server_login or "{}")
    except ValueError:
        values = {}
    return ServerLogin.from_settings(values if isinstance(values, dict) else {})


def ask_connection(parent: QWidget, workspace: Workspace) -> Connected | None:
    """Show the dialog; the connection made, or None when the user cancels."""
    dialog = ConnectDialog(workspace, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.exec()
    connected = dialog.connected
    dialog.deleteLater()
    return connected
