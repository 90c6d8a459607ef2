"""The panel's bookkeeping of its running tasks and its error reporting (message bar and log)."""
from __future__ import annotations

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsProcessingException, QgsProcessingFeedback

from ..i18n import tr
from .tasks import TAG, AlgorithmRun


class TasksMixin:
    """Starts and forgets tasks, keeps the buttons in step, reports errors in plain words."""

    def _start(self, task, kind: str, words: str) -> None:
        task.kind = kind
        self._tasks.append(task)
        if isinstance(task, AlgorithmRun):
            task.start()
        else:
            QgsApplication.taskManager().addTask(task)
        self.status_label.setText(words)
        self._update_buttons()
        self.busyChanged.emit(True)

    def _forget(self, task) -> None:
        if task in self._tasks:
            self._tasks.remove(task)
        if not self._tasks:
            self.status_label.setText("")
            self.busyChanged.emit(False)
        self._update_buttons()

    def busy(self) -> bool:
        return bool(self._tasks)

    def cancel_tasks(self) -> None:
        """Cancel everything this panel started."""
        for t in list(self._tasks):
            try:
                t.cancel()
            except RuntimeError:  # C++ object already gone
                self._tasks.remove(t)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_layers = self.output_layers() is not None
        self.cancel_button.setEnabled(bool(self._tasks))
        self.create_button.setEnabled(self._joined is not None and not any(
            getattr(t, "kind", "") == "create" for t in self._tasks))
        self.layout_button.setEnabled(has_layers)
        self.export_button.setEnabled(has_layers)

    # ---------------------------------------------------------------------------- errors
    @staticmethod
    def _error_words(exc: BaseException) -> str:
        text = str(exc).strip()
        return text or type(exc).__name__

    def report(self, text: str, level=Qgis.Info) -> None:
        """Plain words to the message bar and the log (tag 'Sector Clusters')."""
        if level in (Qgis.Warning, Qgis.Critical):
            self._last_error = text
        QgsMessageLog.logMessage(text, TAG, level)
        bar = self.iface.messageBar() if self.iface is not None else None
        if bar is not None:
            bar.pushMessage(tr("Sector Clusters"), text, level=level, duration=0 if level == Qgis.Critical else 8)

    def report_error(self, exc: BaseException, details: str = "") -> None:
        """The steps' and Processing's errors carry plain words: show those, log any traceback."""
        from ..core.errors import UserError
        from ..gis.export import ExportError

        if isinstance(exc, (UserError, ExportError, QgsProcessingException)):
            text = exc.args[0] if exc.args else str(exc)
            self.report(str(text), Qgis.Critical)
        else:
            self.report(tr("Something went wrong: {}").format(self._error_words(exc)), Qgis.Critical)
        if details:
            QgsMessageLog.logMessage(details, TAG, Qgis.Info)

    def last_error(self) -> str:
        return self._last_error


class _LogFeedback(QgsProcessingFeedback):
    """Feedback for the main-thread export: logs messages and keeps the last error."""

    last_error = ""

    def reportError(self, error: str, fatalError: bool = False) -> None:
        self.last_error = error
        QgsMessageLog.logMessage(error, TAG, Qgis.Warning)

    def pushInfo(self, info: str) -> None:
        QgsMessageLog.logMessage(info, TAG, Qgis.Info)
