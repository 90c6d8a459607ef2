"""exportmap tells the user's mistakes from its own: a UserError is a message, anything else a bug with its stack.

It used to turn every ValueError into a plain message, so a mistake in the code (a ValueError or TypeError from
a wrong call) read like a problem with the user's input and lost its traceback.
"""
from __future__ import annotations

import pytest
from qgis.core import QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback, QgsProject

from plugin.gis import layout as maplayout
from plugin.processing.alg_exportmap import ExportMapAlgorithm
from tests.qgis.map_fixtures import build_layers

pytestmark = pytest.mark.qgis
HVM = "High_Value_Manufacturing"


@pytest.fixture(scope="module")
def layers(qgs, shared_data, tmp_path_factory):
    pair = build_layers(shared_data, tmp_path_factory.mktemp("export_errors"))
    QgsProject.instance().addMapLayers(list(pair), False)
    yield pair
    QgsProject.instance().removeMapLayers([lyr.id() for lyr in pair])


def run_export(params: dict) -> None:
    alg = ExportMapAlgorithm().create()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    alg.run(params, context, QgsProcessingFeedback(), {}, False)


@pytest.mark.parametrize("bug", [ValueError("a slip in the layout code"), TypeError("a wrong call")])
def test_a_bug_while_building_the_map_surfaces_with_its_traceback(layers, tmp_path, monkeypatch, bug):
    def broken(*_args, **_kwargs):
        raise bug

    monkeypatch.setattr(maplayout, "build_layout", broken)
    with pytest.raises(Exception) as raised:  # noqa: PT011 - what it is and says is asserted below
        run_export({"REGIONS": layers[0], "CLUSTERS": layers[1], "FIELD": HVM,
                    "OUTPUT_PNG": str(tmp_path / "map.png")})
    said = str(raised.value)
    assert "Traceback" in said and f"{type(bug).__name__}: {bug}" in said, said
    assert not (tmp_path / "map.png").exists()


def test_a_user_mistake_is_a_message_without_a_traceback(layers, tmp_path):
    with pytest.raises(QgsProcessingException) as raised:
        run_export({"REGIONS": layers[0], "CLUSTERS": layers[1], "FIELD": "no such sector",
                    "OUTPUT_PNG": str(tmp_path / "map.png")})
    said = str(raised.value)
    assert said.startswith("Unknown sector field 'no such sector'") and "Traceback" not in said
