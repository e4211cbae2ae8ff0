"""A moment with its time zone (a breach's awareness, its notification): date, time and
UTC offset, or “Not set”.

The register keeps each moment in the zone it was recorded in (services.breaches.duties
does its arithmetic in UTC), so the zone is a field of its own, defaulting to the
computer's offset of today.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QHBoxLayout, QPushButton, QWidget

_NOT_SET = QDateTime(QDate(1900, 1, 1), QTime(0, 0))
# Every UTC offset in use somewhere, in minutes.
_OFFSETS = sorted(
    {h * 60 for h in range(-12, 15)}
    | {-570, -210, 210, 270, 330, 345, 390, 525, 570, 630, 765, 825}
)


def offset_text(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "−"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def local_offset() -> int:
    """The computer's UTC offset now, in minutes."""
    offset = dt.datetime.now().astimezone().utcoffset() or dt.timedelta(0)
    return int(offset.total_seconds() // 60)


def now_in(minutes: int) -> dt.datetime:
    """This minute, in the zone of that offset."""
    zone = dt.timezone(dt.timedelta(minutes=minutes))
    return dt.datetime.now(zone).replace(second=0, microsecond=0)


class _WhenEdit(QDateTimeEdit):
    """Tab always leaves the field (a date-time has five parts; arrows and typing move
    between them), and “Not set” never traps it."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            forward = event.key() == Qt.Key.Key_Tab and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            QWidget.focusNextPrevChild(self, forward)
            event.accept()
            return
        if self.dateTime() == _NOT_SET and event.text().isdigit():
            # Typing a moment into “Not set” starts from this minute, all of it selected,
            # so what is typed replaces it part by part.
            self.setDateTime(QDateTime.currentDateTime())
            self.selectAll()
        super().keyPressEvent(event)


class MomentEdit(QWidget):
    """``value()`` / ``set_value()`` over an aware datetime or None."""

    edited = Signal()

    def __init__(self, parent: QWidget, *, now_button: bool = True) -> None:
        super().__init__(parent)
        self._loaded: dt.datetime | None = None
        self.when = _WhenEdit(self)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.when.setMinimumDateTime(_NOT_SET)
        self.when.setSpecialValueText("Not set")
        self.when.setDateTime(_NOT_SET)
        self.zone = QComboBox(self)
        for minutes in _OFFSETS:
            self.zone.addItem(offset_text(minutes), minutes)
        self._set_zone(local_offset())
        self.now_button = QPushButton("Now", self)
        self.now_button.setToolTip("Set to this minute, in the zone chosen")
        self.now_button.clicked.connect(self.set_now)
        self.clear_button = QPushButton("Clear", self)
        self.clear_button.setToolTip("Not set")
        self.clear_button.clicked.connect(lambda: self.set_value(None))
        self.now_button.setVisible(now_button)
        for button in (self.now_button, self.clear_button):
            button.setMaximumWidth(button.fontMetrics().horizontalAdvance(" Clear ") + 24)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.when, 1)
        row.addWidget(self.zone)
        row.addWidget(self.now_button)
        row.addWidget(self.clear_button)
        self.setFocusProxy(self.when)
        QWidget.setTabOrder(self.when, self.zone)
        QWidget.setTabOrder(self.zone, self.now_button)
        QWidget.setTabOrder(self.now_button, self.clear_button)
        self.when.dateTimeChanged.connect(self._changed)
        self.zone.currentIndexChanged.connect(self._changed)

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.when.setAccessibleName(name)
        self.zone.setAccessibleName(f"{name}: time zone")
        self.now_button.setAccessibleName(f"{name}: now")
        self.clear_button.setAccessibleName(f"{name}: clear")

    def _set_zone(self, minutes: int) -> None:
        index = self.zone.findData(minutes)
        if index < 0:  # an offset recorded elsewhere: kept as it is
            self.zone.addItem(offset_text(minutes), minutes)
            index = self.zone.count() - 1
        self.zone.setCurrentIndex(index)

    @Slot()
    def _changed(self, *_: object) -> None:
        self.clear_button.setEnabled(self.when.dateTime() != _NOT_SET)
        self.edited.emit()

    def _shown(self) -> dt.datetime | None:
        when = self.when.dateTime()
        if when == _NOT_SET:
            return None
        day, time = when.date(), when.time()
        zone = dt.timezone(dt.timedelta(minutes=int(self.zone.currentData())))
        return dt.datetime(
            day.year(), day.month(), day.day(), time.hour(), time.minute(), tzinfo=zone
        )

    def value(self) -> dt.datetime | None:
        shown = self._shown()
        loaded = self._loaded
        # The screen shows minutes; a moment recorded to the second stays as it was
        # unless the user changed what the screen shows of it.
        if (
            loaded is not None
            and shown is not None
            and loaded.replace(second=0, microsecond=0) == shown
            and loaded.utcoffset() == shown.utcoffset()
        ):
            return loaded
        return shown

    def set_value(self, value: dt.datetime | None) -> None:
        self._loaded = value
        if value is None:
            self.when.setDateTime(_NOT_SET)
            return
        offset = value.utcoffset() or dt.timedelta(0)
        self._set_zone(int(offset.total_seconds() // 60))
        self.when.setDateTime(
            QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute))
        )

    def zone_like(self, other: dt.datetime | None) -> None:
        """While not set, offer the zone of ``other`` (the breach's awareness) first."""
        if other is not None and self.when.dateTime() == _NOT_SET:
            offset = other.utcoffset() or dt.timedelta(0)
            self._set_zone(int(offset.total_seconds() // 60))

    @Slot()
    def set_now(self) -> None:
        minutes = int(self.zone.currentData())
        now = now_in(minutes)
        self.when.setDateTime(
            QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, now.minute))
        )
