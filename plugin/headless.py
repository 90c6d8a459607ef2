"""Starting QGIS without a GUI, for `make demo`, benchmarks and tests."""
from __future__ import annotations

import os
import sys
import warnings

_APP = None
_PROVIDER = None  # keep the Python object alive, or its algorithms lose their ids


def start_qgis():
    """A running QgsApplication with Processing and the sectorclusters provider (idempotent)."""
    global _APP, _PROVIDER
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    if _APP is None:
        _APP = QgsApplication.instance()
        if _APP is None:
            _APP = QgsApplication([], False)
            _APP.initQgis()
    for path in ("/usr/share/qgis/python/plugins", os.path.join(QgsApplication.pkgDataPath(), "python", "plugins")):
        if os.path.isdir(path) and path not in sys.path:
            sys.path.append(path)
    import qgis.utils  # noqa: F401 - shows every warning (simplefilter "default"): the filter below must follow it

    # QGIS's own Python (qgis.utils, the processing plugin) still uses APIs that Python 3.14 deprecates
    # (codecs.open, in QGIS 3.44 on Debian sid): those warnings are about QGIS, not this plugin or its user.
    warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"(qgis|processing)(\.|$)")
    from processing.core.Processing import Processing

    Processing.initialize()
    registry = QgsApplication.processingRegistry()
    if registry.providerById("sectorclusters") is None:
        from .processing.provider import SectorClustersProvider

        _PROVIDER = SectorClustersProvider()
        registry.addProvider(_PROVIDER)
    return _APP
