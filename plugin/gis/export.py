"""Export a layout to PDF (vector, text kept as text), PNG and SVG without leaving partial files.

Each file is written to a hidden temporary name in the destination folder and
renamed into place only when QGIS reports success, so a failed or cancelled
export never leaves a truncated map behind.
"""
from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from qgis.core import (
    QgsFeedback,
    QgsLayoutExporter,
    QgsPrintLayout,
    QgsRenderContext,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import QSize

from ..core.errors import UserError
from ..i18n import tr, tr_noop


class ExportError(UserError):
    """A plain-language reason why a map file could not be written (already translated where it is raised)."""

    code = "export"


def _text_as_text() -> object:
    """Keep text as text so PDFs embed fonts and can be searched (pdftotext)."""
    try:
        from qgis.core import Qgis

        return Qgis.TextRenderFormat.AlwaysText
    except AttributeError:
        return QgsRenderContext.TextFormatAlwaysText


def check_writable(path: str | os.PathLike) -> Path:
    """Raise ExportError unless ``path`` can be created or replaced."""
    target = Path(path).expanduser().absolute()
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(tr("The output folder does not exist or is not a folder: {0}").format(folder))
    if target.is_dir():
        raise ExportError(tr("The output path is a folder, not a file: {0}").format(target))
    probe = folder / f".sc-probe-{uuid.uuid4().hex}"
    try:
        with open(probe, "wb"):
            pass
    except OSError:
        raise ExportError(tr("The output folder is not writable: {0}").format(folder)) from None
    finally:
        try:
            probe.unlink()
        except OSError:
            pass
    if target.exists() and not os.access(target, os.W_OK):
        raise ExportError(
            tr("{0} exists and cannot be replaced (it is read-only or open in another program).").format(target)
        )
    return target


def _temp_for(target: Path) -> Path:
    # the real extension stays last: QGIS picks the image format from it
    return target.with_name(f".{target.stem}.partial-{uuid.uuid4().hex[:8]}{target.suffix}")


def _commit(tmp: Path, target: Path) -> None:
    try:
        os.replace(tmp, target)
    except OSError as err:
        raise ExportError(
            tr("{0} cannot be replaced (it is read-only or open in another program): {1}").format(target, err)
        ) from None


def _discard(tmp: Path) -> None:
    for p in (tmp, tmp.with_suffix(".pgw"), tmp.with_suffix(".pngw"), tmp.with_suffix(tmp.suffix + ".aux.xml")):
        try:
            p.unlink()
        except OSError:
            pass


_RESULT_TEXT = {
    QgsLayoutExporter.Canceled: tr_noop("Export cancelled."),
    QgsLayoutExporter.MemoryError: tr_noop("Not enough memory to render the page (try a lower DPI)."),
    QgsLayoutExporter.FileError: tr_noop("The file could not be written."),
    QgsLayoutExporter.PrintError: tr_noop("Printing failed."),
    QgsLayoutExporter.SvgLayerError: tr_noop("SVG export failed."),
    QgsLayoutExporter.IteratorError: tr_noop("The atlas could not be prepared."),
}


def _check(result: int, target: Path, detail: str = "") -> None:
    if result != QgsLayoutExporter.Success:
        text = tr(_RESULT_TEXT.get(result, tr_noop("Export failed.")))
        raise ExportError(f"{target}: {text} {detail}".strip())


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike) -> Iterator[Path]:
    """A hidden temporary path beside ``path`` to write to; renamed onto ``path`` only when the block ends
    without error, so a failed or cancelled write leaves an earlier file there unchanged and no partial file."""
    target = Path(path)
    tmp = _temp_for(target)
    try:
        yield tmp
        _commit(tmp, target)
    finally:
        _discard(tmp)


def _write(target: Path, writer: Callable[[str], tuple[int, str]]) -> Path:
    tmp = _temp_for(target)
    try:
        result, detail = writer(str(tmp))
        _check(result, target, detail)
        if not tmp.exists():
            raise ExportError(tr("{0}: QGIS reported success but wrote no file.").format(target))
        _commit(tmp, target)
    finally:
        _discard(tmp)
    return target


def _detail(exporter: QgsLayoutExporter) -> str:
    """QGIS's own error text where the version has it (errorMessage is newer than 3.22)."""
    getter = getattr(exporter, "errorMessage", None)
    return getter() if callable(getter) else ""


def _vector(settings, dpi: int):
    """PDF and SVG alike: vector output, metadata, text kept as text."""
    settings.dpi = dpi
    settings.forceVectorOutput = True
    settings.exportMetadata = True
    settings.textRenderFormat = _text_as_text()
    return settings


def pdf_settings(dpi: int) -> QgsLayoutExporter.PdfExportSettings:
    s = _vector(QgsLayoutExporter.PdfExportSettings(), dpi)
    s.rasterizeWholeImage = False
    s.appendGeoreference = True
    return s


def page_pixels(layout: QgsPrintLayout, dpi: int) -> QSize:
    """Page size in pixels, rounded (QGIS truncates: A4 at 300 dpi would be 3507 px wide)."""
    page = layout.pageCollection().page(0)
    size = layout.renderContext().measurementConverter().convert(
        page.sizeWithUnits(), QgsUnitTypes.LayoutMillimeters
    )
    return QSize(round(size.width() / 25.4 * dpi), round(size.height() / 25.4 * dpi))


def image_settings(dpi: int, layout: QgsPrintLayout | None = None) -> QgsLayoutExporter.ImageExportSettings:
    s = QgsLayoutExporter.ImageExportSettings()
    s.dpi = dpi
    s.generateWorldFile = False
    s.exportMetadata = False
    if layout is not None:
        s.imageSize = page_pixels(layout, dpi)
    return s


def _png(exporter: QgsLayoutExporter, path: str, dpi: int, layout: QgsPrintLayout):
    """exportToImage with GDAL kept quiet: QGIS 3.22 tries to georeference every image through GDAL,
    which cannot update a PNG and prints "ERROR 6" although the file is fine."""
    try:
        from osgeo import gdal
    except ImportError:  # pragma: no cover - GDAL's Python bindings come with QGIS
        gdal = None
    if gdal is not None:
        gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        return exporter.exportToImage(path, image_settings(dpi, layout)), _detail(exporter)
    finally:
        if gdal is not None:
            gdal.PopErrorHandler()


def svg_settings(dpi: int) -> QgsLayoutExporter.SvgExportSettings:
    return _vector(QgsLayoutExporter.SvgExportSettings(), dpi)


def _page_path(base: Path, name: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name) or "page"
    return base.with_name(f"{base.stem}_{safe}{base.suffix}")


def _report(feedback: QgsFeedback | None, text: str, progress: float | None = None) -> None:
    if feedback is None:
        return
    if hasattr(feedback, "pushInfo"):
        feedback.pushInfo(text)
    if progress is not None:
        feedback.setProgress(progress)


@dataclass(frozen=True)
class MapFiles:
    """The files one export writes: a PDF, a PNG and an SVG path, each optional (None or empty: not that one)."""

    pdf: str | os.PathLike | None = None
    png: str | os.PathLike | None = None
    svg: str | os.PathLike | None = None

    def requested(self) -> dict[str, str | os.PathLike]:
        """{"pdf"|"png"|"svg": path} of the formats asked for, in that order."""
        return {k: v for k, v in (("pdf", self.pdf), ("png", self.png), ("svg", self.svg)) if v}


def export_layout(
    layout: QgsPrintLayout,
    files: MapFiles | None = None,
    dpi: int = 300,
    atlas: bool = False,
    feedback: QgsFeedback | None = None,
) -> dict[str, list[str]]:
    """Write the ``files`` asked for; returns {"pdf"|"png"|"svg": [paths]}.

    With ``atlas=True`` the PDF has one page per atlas feature and PNG/SVG get one
    file per page named ``<name>_<page name>.<ext>``. Raises ExportError.
    """
    targets = (files or MapFiles()).requested()
    if not targets:
        raise ExportError(tr("Choose at least one output file (PDF, PNG or SVG)."))
    checked = {k: check_writable(v) for k, v in targets.items()}
    dpi = int(dpi)
    if dpi < 30 or dpi > 1200:
        raise ExportError(tr("DPI must be between 30 and 1200 (got {0}).").format(dpi))
    at = layout.atlas()
    if atlas and at is not None and at.enabled() and at.coverageLayer() is not None:
        written = _export_atlas(layout, checked, dpi, feedback)
    else:
        written = _export_page(layout, checked, dpi, feedback)
    _report(feedback, tr("Done"), 100.0)
    return written


def _export_page(layout: QgsPrintLayout, checked: dict[str, Path], dpi: int,
                 feedback: QgsFeedback | None) -> dict[str, list[str]]:
    """The layout's page once in each format of ``checked`` ({kind: writable target})."""
    written: dict[str, list[str]] = {}
    exporter = QgsLayoutExporter(layout)
    steps = len(checked)
    for n, (kind, target) in enumerate(checked.items()):
        if feedback is not None and feedback.isCanceled():
            raise ExportError(tr("Export cancelled."))
        _report(feedback, tr("Writing {0}").format(target), 100.0 * n / steps)
        if kind == "pdf":
            _write(target, lambda p: (exporter.exportToPdf(p, pdf_settings(dpi)), _detail(exporter)))
        elif kind == "png":
            _write(target, lambda p: _png(exporter, p, dpi, layout))
        else:
            _write(target, lambda p: (exporter.exportToSvg(p, svg_settings(dpi)), _detail(exporter)))
        written[kind] = [str(target)]
    return written


def _export_atlas(layout: QgsPrintLayout, checked: dict[str, Path], dpi: int,
                  feedback: QgsFeedback | None) -> dict[str, list[str]]:
    """Every atlas page: one PDF of them all, one PNG/SVG file per page (``<name>_<page name>.<ext>``)."""
    written: dict[str, list[str]] = {}
    at = layout.atlas()
    count = at.count() if at.updateFeatures() else 0
    if count == 0:
        raise ExportError(tr("The atlas has no pages."))
    if "pdf" in checked:
        target = checked["pdf"]

        def on_page(*_args: object) -> None:
            page = at.currentFeatureNumber() + 1
            _report(feedback, tr("PDF page {0} of {1}: {2}").format(page, count, at.nameForPage(page - 1)),
                    100.0 * page / (count * len(checked)))

        at.featureChanged.connect(on_page)
        try:
            _write(target, lambda p: QgsLayoutExporter.exportToPdf(at, p, pdf_settings(dpi), feedback))
        finally:
            at.featureChanged.disconnect(on_page)
        written["pdf"] = [str(target)]
    for kind in ("png", "svg"):
        if kind not in checked:
            continue
        base = checked[kind]
        written[kind] = []
        if not at.beginRender():
            raise ExportError(tr("The atlas could not be prepared."))
        try:
            for i in range(count):
                if feedback is not None and feedback.isCanceled():
                    raise ExportError(tr("Export cancelled."))
                at.seekTo(i)
                target = check_writable(_page_path(base, at.nameForPage(i)))
                _report(feedback, tr("{0} page {1} of {2}: {3}").format(kind.upper(), i + 1, count, target))
                exporter = QgsLayoutExporter(layout)
                if kind == "png":
                    _write(target, lambda p, e=exporter: _png(e, p, dpi, layout))
                else:
                    _write(target, lambda p, e=exporter: (e.exportToSvg(p, svg_settings(dpi)), _detail(e)))
                written[kind].append(str(target))
        finally:
            at.endRender()
    return written
