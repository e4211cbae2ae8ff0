"""Long work (export, import, opening a big register) off the GUI thread.

``JobRunner.run`` starts a callable on a worker thread and waits in a local event
loop behind a cancellable progress dialog, so slots keep a plain call-and-return
shape. Services cannot be interrupted mid-transaction, so cancelling stops the
waiting and hands the job's eventual result to ``on_discard`` (e.g. to delete a
half-made export) instead of using it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget


class JobCancelled(Exception):
    """The user cancelled the progress dialog; the job's result is discarded."""


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._fn = fn
        # Owned by this task (not by a widget) so it outlives a closed dialog
        # while the worker thread may still emit on it.
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # handed to the GUI thread, re-raised there
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


class _Waiter(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.loop = QEventLoop(self)
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.cancelled = False
        self.on_discard: Callable[[Any], None] | None = None

    @Slot(object)
    def succeeded(self, result: Any) -> None:
        self.done = True
        if self.cancelled:
            if self.on_discard is not None:
                self.on_discard(result)
            self.deleteLater()
            return
        self.result = result
        self.loop.quit()

    @Slot(object)
    def failed(self, error: BaseException) -> None:
        self.done = True
        self.error = error
        if self.cancelled:
            self.deleteLater()
            return
        self.loop.quit()

    @Slot()
    def cancel(self) -> None:
        self.cancelled = True
        self.loop.quit()


class JobRunner(QObject):
    """Runs jobs on its own small thread pool; the owner is the parent."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)

    def run(
        self,
        widget: QWidget | None,
        label: str,
        fn: Callable[[], Any],
        *,
        cancellable: bool = True,
        on_discard: Callable[[Any], None] | None = None,
    ) -> Any:
        """Run ``fn`` off the GUI thread; return its result or raise its error.

        Raises JobCancelled when the user cancels; the result, when it comes, goes
        to ``on_discard``.
        """
        task = _Task(fn)
        waiter = _Waiter(self)
        waiter.on_discard = on_discard
        task.signals.succeeded.connect(waiter.succeeded, Qt.ConnectionType.QueuedConnection)
        task.signals.failed.connect(waiter.failed, Qt.ConnectionType.QueuedConnection)
        dialog = QProgressDialog(label, "Cancel" if cancellable else "", 0, 0, widget)
        dialog.setWindowTitle("Please wait")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(waiter.cancel)
        self._pool.start(task)
        if not waiter.done:
            waiter.loop.exec()
        dialog.canceled.disconnect(waiter.cancel)
        dialog.close()
        dialog.deleteLater()
        if waiter.cancelled and not waiter.done:
            raise JobCancelled(label)
        waiter.deleteLater()
        if waiter.error is not None:
            raise waiter.error
        return waiter.result

    @property
    def busy(self) -> bool:
        """A job is running (its caller waits in a nested event loop)."""
        return self._pool.activeThreadCount() > 0

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every job has finished (at close and in tests)."""
        return self._pool.waitForDone(msecs)
