"""Section "4. Results": the results in words, the clusters, the threshold guide, the work in progress."""
from __future__ import annotations

from ...core import codes
from ...i18n import tr
from .base import ClusterPick, Section, zoom_to_cluster


class ResultsSection(Section):
    """The summary, global Moran's I, hints, the cluster list (a click zooms to a cluster), the threshold guide
    (a click uses its threshold), the status line and Cancel."""

    def __init__(self, panel, main) -> None:
        from qgis.PyQt.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

        from .. import widgets as w

        super().__init__(panel)
        self._clusters_for: tuple | None = None  # (analysis id, sector) of the clusters the list shows
        self.box = w.group(tr("4. Results"), "sc_group_results")
        lay = QVBoxLayout(self.box)
        self.summary_label = w.note_label("—", grey=False)
        self.summary_label.setObjectName("sc_summary")
        lay.addWidget(self.summary_label)
        self.global_label = w.note_label(grey=False)
        self.global_label.setObjectName("sc_global_moran")
        lay.addWidget(self.global_label)
        self.hints_label = w.note_label(grey=False)
        self.hints_label.setObjectName("sc_hints")
        self.hints_label.setStyleSheet("background: #fff4d6; border: 1px solid #e0c36b; padding: 3px;")
        lay.addWidget(self.hints_label)
        self.cluster_list = w.ClusterTree()
        lay.addWidget(self.cluster_list)
        lay.addWidget(self.cluster_list.details)
        self.guide_box = w.group(tr("Threshold guide"), "sc_group_guide")
        guide_lay = QVBoxLayout(self.guide_box)
        guide_lay.setContentsMargins(2, 6, 2, 2)
        guide_lay.addWidget(w.note_label(tr("The sector at other thresholds; click a row to use it.")))
        self.guide_table = w.GuideTable(lambda t: self.model.update(threshold=t))
        guide_lay.addWidget(self.guide_table)
        lay.addWidget(self.guide_box)
        row = QHBoxLayout()
        self.status_label = w.note_label()
        self.status_label.setObjectName("sc_status")
        row.addWidget(self.status_label, 1)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setObjectName("sc_cancel")
        self.cancel_button.setToolTip(tr("Stop the work in progress."))
        row.addWidget(self.cancel_button)
        lay.addLayout(row)
        main.addWidget(self.box)

    def connect(self, model) -> None:
        self.cluster_list.itemClicked.connect(self._cluster_clicked)
        self.cancel_button.clicked.connect(model.jobs.cancel_all)
        model.outlinesChanged.connect(self.show_areas)
        model.guideChanged.connect(self.show_guide)
        model.statusChanged.connect(self.status_label.setText)

    def show_results(self) -> None:
        """The summary, hints and global Moran's I of the shown sector (the dock shows the rest of a result)."""
        m = self.model
        self.show_summary()
        self.summary_label.setToolTip("")
        hints = m.shown.hints()
        self.hints_label.setText("\n\n".join(hints))
        self.hints_label.setVisible(bool(hints))
        glob, glob_tip = m.shown.global_moran()
        self.global_label.setText(glob)
        self.global_label.setToolTip(glob_tip)
        self.global_label.setVisible(bool(glob))

    def show_summary(self) -> None:
        self.summary_label.setText(self.model.shown.summary())

    def show_method_tip(self) -> None:
        """A rule's result: the summary's tooltip says how the regions were flagged."""
        from ...steps import words

        m = self.model
        r = m.sector_result()
        if r is not None and r.stats is None:
            self.summary_label.setToolTip(words.describe_method(m.analysis.meta))

    def show_clusters(self) -> None:
        from ..results import cluster_rows

        m = self.model
        self._clusters_for = (id(m.analysis), m.sector())
        self.cluster_list.show_rows(cluster_rows(m.analysis, m.sector(), self._areas()))

    def show_areas(self) -> None:
        """The outlines arrived: their areas in the rows shown, when these are the outlined sector's clusters."""
        if self._clusters_for == (id(self.model.analysis), self.model.sector()):
            self.cluster_list.show_areas(self._areas())
        else:
            self.show_clusters()

    def _areas(self) -> dict[int, float]:
        m = self.model
        shown = m.shown.outlines_for == (id(m.analysis), m.sector())
        return {cid: a for cid, (a, _g) in m.shown.outlines.items()} if shown else {}

    def show_guide(self) -> None:
        from ...steps.words import guide_threshold_text, threshold_heading
        from ..results import one_big_cluster

        m = self.model
        rows = m.shown.guide if m.shown.guide_for == (id(m.analysis), m.sector()) else []
        meta = m.analysis.meta if m.analysis is not None else {}
        self.guide_table.show_rows(rows, m.state["threshold"], threshold_heading(meta) if meta else "",
                                   lambda value: guide_threshold_text(meta, value))
        rule = m.analysis is not None and m.analysis.kind == codes.RULE
        big = rows and rule and one_big_cluster(m.analysis, m.sector()) is not None
        self.guide_box.setVisible(bool(big))  # only when one cluster holds most regions, as the help says
        if big:
            self.guide_box.setCollapsed(False)

    def show_cancel(self) -> None:
        self.cancel_button.setEnabled(self.model.jobs.busy())

    def show_idle(self, busy: bool) -> None:
        if not busy:
            self.status_label.setText("")

    def _cluster_clicked(self, item, *_column) -> None:
        from ..widgets import KEYS_ROLE, MEMBERS_ROLE

        if item.parent() is not None:
            item = item.parent()
        zoom_to_cluster(self.model, self.panel.iface,
                        ClusterPick(item.data(0, KEYS_ROLE) or [], item.data(0, MEMBERS_ROLE) or []))
