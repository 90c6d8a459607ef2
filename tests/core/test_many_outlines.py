"""Outlines of many sets at once (``core.many_outlines``) are exactly ``geometry.outline`` of each set.

The batch path runs the same GEOS operations as the set-at-a-time definition, vectorised over arrays of sets
under shapely 2, so the outlines must be identical coordinate for coordinate (WKB), not merely cover the same
ground. Checked on real layers (ONS LAD 2021 districts of England, LEP 2021) for the clusters of random masks
at gap 0, 2 km and 35 km and the whole layer, plus made-up sets that take every side path (a refused coverage
union, holes to fill, missing and empty shapes, one member, pieces to bridge). Each check runs here (shapely
1.8 under Debian 12's QGIS, where the batch is a loop over ``geometry.outline``, or 2.x) and again in the
reference venv (shapely 2.2), where the vectorised path runs.
"""
from __future__ import annotations

import threading

import numpy as np
import pytest

from plugin.core import geometry, many_outlines
from plugin.core.clusters import find_clusters
from plugin.core.errors import Cancelled
from plugin.core.graph import build_neighbour_graph
from tests.conftest import LAD_SHP, LEP_GEOJSON
from tests.core.test_outline_equivalence import checked_in_reference_venv, read_layer, restarted

GAPS = (0.0, 2000.0, 35000.0)
SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from shapely import wkb
from tests.core.test_many_outlines import check_all
layers = {k: [wkb.loads(bytes.fromhex(h)) for h in v] for k, v in json.load(open(sys.argv[2])).items()}
print(json.dumps(check_all(layers["lads"], layers["leps"])))
"""


def made_up_sets() -> tuple[list, list[tuple[int, ...]], float]:
    """Shapes and sets for every side path of the batch: (shapes, sets, min_hole)."""
    from shapely.geometry import Polygon, box

    shapes = [box(0, 0, 10, 10), box(10, 0, 20, 10),  # 0-1 touching
              box(5, 5, 15, 15),  # 2 overlaps 0 and 1: the coverage union is refused
              Polygon([(20, 0), (30, 0), (30, 20), (20, 20)]), box(30, 0, 40, 10),  # 3-4 a T-junction
              None, Polygon(),  # 5 missing, 6 empty
              box(100, 0, 110, 10), box(1000, 0, 1010, 10)]  # 7 apart, 8 far apart
    ring = [box(200 + 10 * i, 10 * j, 210 + 10 * i, 10 + 10 * j) for i in range(3) for j in range(3)
            if (i, j) != (1, 1)]  # 9-16 around a 10 x 10 hole
    shapes += ring
    around_sliver = [Polygon([(300, 0), (310, 0), (310, 10), (300, 10)], [[(304, 4), (305, 4), (305, 5)]])]  # 17
    shapes += around_sliver
    sets = [(0, 1), (0, 1, 2), (3, 4), (0, 5), (0, 6), (5, 6), (0,), (7,), (1, 7), (1, 7, 8), (0, 8),
            tuple(range(9, 17)), (17, 0), (17,), ()]
    return shapes, sets, 60.0  # the ring's hole (100) stays, the 0.5 sliver is filled


def wkb_of(g) -> str:
    return "" if g is None else geometry.to_wkb(g).hex()


def differing(shapes: list, sets: list, gap: float, min_hole: float) -> list:
    """The sets whose batch outline is not the set-at-a-time outline, coordinate for coordinate."""
    many = many_outlines.outline_sets(shapes, sets, gap, min_hole, workers=2)
    assert len(many) == len(sets)
    return [list(s)[:10] for s, got in zip(sets, many)
            if wkb_of(got) != wkb_of(geometry.outline([shapes[i] for i in s], gap, min_hole))]


def check_layer(geoms: list, seeds=(1, 2)) -> dict:
    from plugin.steps.outlines import sliver_area

    min_hole = sliver_area(geoms)
    out = {"outlines": 0, "differ": [], "several_pieces": 0, "bridged_together": 0, "bridges_differ": []}
    for gap in GAPS:
        graph = build_neighbour_graph(geoms, "queen", gap)
        sets = []
        for seed in seeds:
            mask = np.random.default_rng(seed).random(graph.n) < 0.4
            sets += [tuple(int(i) for i in c.members) for c in find_clusters(graph, mask, [str(i) for i in
                                                                                          range(graph.n)], 2)]
        sets.append(tuple(range(len(geoms))))
        sets.sort(key=lambda s: (-len(s), s))
        out["outlines"] += len(sets)
        out["differ"] += [[gap, s] for s in differing(geoms, sets, gap, min_hole)]
        if gap > 0:
            out["several_pieces"] += sum(len(geometry._parts(geometry.dissolve([geoms[i] for i in s]))) > 1
                                         for s in sets)
            bridged = check_bridging_together(geoms, sets, gap)
            out["bridged_together"] += bridged["sets"]
            out["bridges_differ"] += [[gap, s] for s in bridged["differ"]]
    return out


def check_bridging_together(geoms: list, sets: list, gap: float) -> dict:
    """``many_outlines.bridged`` of every set whose members' union has pieces, all in one call, against
    ``geometry._bridge`` set by set: the batch bridges far more sets at once than the outline batches do."""
    if not many_outlines.VECTORISED:
        return {"sets": 0, "differ": []}
    todo = [(s, geometry.dissolve([geoms[i] for i in s])) for s in sets]
    todo = [(s, g) for s, g in todo if g.geom_type == "MultiPolygon"]
    if not todo:
        return {"sets": 0, "differ": []}
    shapes = np.empty(len(todo), dtype=object)
    shapes[:] = [g for _, g in todo]
    members = []
    for s, _ in todo:
        m = np.empty(len(s), dtype=object)
        m[:] = [geoms[i] for i in s]
        members.append(m)
    got = many_outlines.bridged(shapes, members, gap)
    differ = [list(s)[:10] for (s, g), b in zip(todo, got)
              if wkb_of(b) != wkb_of(geometry._bridge(g, [geoms[i] for i in s], gap))]
    return {"sets": len(todo), "differ": differ}


def check_ring_starts(geoms: list) -> dict:
    """``fixed_ring_starts_all`` against ``fixed_ring_starts`` on shapes and on their restarted copies."""
    from shapely.geometry import MultiPolygon

    shapes = [g for g in geoms if not g.is_empty]
    shapes += [restarted(g) for g in shapes[:40]]
    shapes += [MultiPolygon(geometry._parts(a) + geometry._parts(b)) for a, b in zip(shapes[:10], shapes[100:110])
               if a.disjoint(b)]
    if not many_outlines.VECTORISED:
        return {"checked": 0, "differ": []}
    from shapely.geometry import LineString, Point, Polygon

    shapes += [Polygon(), Point(1, 2), LineString([(0, 0), (1, 1)])]  # left as they are
    arr = np.empty(len(shapes), dtype=object)
    arr[:] = shapes
    got = many_outlines.fixed_ring_starts_all(arr)
    differ = [k for k, g in enumerate(shapes) if wkb_of(got[k]) != wkb_of(geometry.fixed_ring_starts(g))]
    return {"checked": len(shapes), "differ": differ}


def check_coverage_chunks(geoms: list) -> dict:
    """``_coverage_unions`` over more collections than one GEOS call takes, with collections GEOS refuses in the
    first, a middle and the last chunk: each collection's union, or None, as asked alone.

    What GEOS refuses depends on its version (GEOS 3.14 refuses a T-junction, 3.13 unions it), so the refused
    collection is the first of a few candidates that this GEOS refuses when asked alone."""
    if not many_outlines.VECTORISED:
        return {"checked": 0, "refused": 0, "can_refuse": False, "differ": []}
    import shapely
    from shapely.geometry import LineString, box

    candidates = [
        # box 1's and box 2's corners lie on the long edges of boxes 0 and 3, which have no vertex there
        [box(0, 0, 10, 10), box(10, 0, 20, 5), box(10, 5, 20, 10), box(-5, 10, 20, 20)],
        [box(0, 0, 1, 1), LineString([(0, 0), (1, 1)])],  # mixed dimensions
        [box(0, 0, 1, 1), box(0.5, 0.5, 2, 2), box(1, 0, 2, 0.5)],  # overlapping, crossing edges
    ]
    refused = next((c for c in candidates if many_outlines._one_coverage_union(shapely.geometrycollections(c))
                    is None), None)
    pairs = [[a, b] for a, b in zip(geoms[:-1:2], geoms[1::2])]
    chunk = many_outlines.COVERAGE_CHUNK
    groups = pairs[:3 * chunk + 3]
    if refused is not None:
        for at in (0, chunk + 2, len(groups) - 1):
            groups[at] = refused
    collections = np.empty(len(groups), dtype=object)
    collections[:] = [shapely.geometrycollections(g) for g in groups]
    got = many_outlines._coverage_unions(collections)
    alone = [many_outlines._one_coverage_union(c) for c in collections]
    return {"checked": len(groups), "refused": sum(a is None for a in alone), "can_refuse": refused is not None,
            "differ": [k for k, (a, b) in enumerate(zip(got, alone)) if wkb_of(a) != wkb_of(b)]}


def check_all(lads: list, leps: list) -> dict:
    shapes, sets, min_hole = made_up_sets()
    return {"vectorised": many_outlines.VECTORISED, "lads": check_layer(lads), "leps": check_layer(leps, (1, 2, 3)),
            "made_up": {str(gap): differing(shapes, sets, gap, min_hole) for gap in (0.0, 5.0, 40.0, 200.0)},
            "ring_starts": check_ring_starts(lads + leps), "coverage_chunks": check_coverage_chunks(lads)}


@pytest.fixture(scope="module")
def layers() -> dict:
    return {"lads": read_layer(LAD_SHP, "E"), "leps": read_layer(LEP_GEOJSON)}


def assert_identical(got: dict) -> None:
    for name in ("lads", "leps"):
        assert got[name]["differ"] == [], (name, got[name]["differ"][:5])
        assert got[name]["outlines"] >= 20, got[name]
    assert got["lads"]["several_pieces"] >= 5, got["lads"]  # bridging really ran
    assert got["lads"]["bridges_differ"] == [] and got["leps"]["bridges_differ"] == [], got
    if got["vectorised"]:
        assert got["lads"]["bridged_together"] >= 10 and got["leps"]["bridged_together"] >= 10, got
    assert got["made_up"] == {"0.0": [], "5.0": [], "40.0": [], "200.0": []}, got["made_up"]
    assert got["ring_starts"]["differ"] == [], got["ring_starts"]
    assert got["coverage_chunks"]["differ"] == [], got["coverage_chunks"]
    if got["vectorised"]:
        assert got["coverage_chunks"]["checked"] > 3 * many_outlines.COVERAGE_CHUNK, got["coverage_chunks"]
        assert got["coverage_chunks"]["refused"] == (3 if got["coverage_chunks"]["can_refuse"] else 0), \
            got["coverage_chunks"]


def test_batch_outlines_are_the_set_at_a_time_outlines(layers):
    assert_identical(check_all(layers["lads"], layers["leps"]))


def test_the_vectorised_batch_gives_the_same_outlines_under_shapely_2(layers, tmp_path):
    theirs = checked_in_reference_venv(SCRIPT, layers, tmp_path)
    assert theirs["vectorised"], "shapely 2's vectorised path did not run"
    assert_identical(theirs)
    assert theirs["ring_starts"]["checked"] >= 350


def test_made_up_outlines_are_what_a_user_expects():
    """Beyond matching ``outline``: the refused coverage union still gives one square, the ring's hole stays
    open, the sliver is filled, missing and empty members are skipped, far-apart members stay apart."""
    shapes, sets, min_hole = made_up_sets()
    got = dict(zip(sets, many_outlines.outline_sets(shapes, sets, 0.0, min_hole)))
    assert got[(0, 1, 2)].area == pytest.approx(250.0) and got[(0, 1, 2)].geom_type == "Polygon"
    assert got[(3, 4)].area == pytest.approx(300.0) and got[(3, 4)].geom_type == "Polygon"
    assert got[(0, 5)].area == pytest.approx(100.0) and got[(5, 6)].is_empty and got[()].is_empty
    ring = got[tuple(range(9, 17))]
    assert ring.area == pytest.approx(800.0) and len(ring.interiors) == 1
    assert got[(17,)].area == pytest.approx(100.0) and len(got[(17,)].interiors) == 0
    assert got[(1, 7, 8)].geom_type == "MultiPolygon" and len(got[(1, 7, 8)].geoms) == 3
    bridged = dict(zip(sets, many_outlines.outline_sets(shapes, sets, 200.0, min_hole)))
    assert bridged[(1, 7)].geom_type == "Polygon"  # 80 apart, within the 200 gap: one outline
    assert bridged[(1, 7, 8)].geom_type == "MultiPolygon" and len(bridged[(1, 7, 8)].geoms) == 2  # 890 apart


def test_a_cancel_stops_the_batches():
    shapes, sets, min_hole = made_up_sets()
    with pytest.raises(Cancelled):
        many_outlines.outline_sets(shapes, sets * 40, 40.0, min_hole, is_cancelled=lambda: True)


def test_a_cancel_is_noticed_inside_a_batch():
    """One batch of sets, cancelled after its start: the batch stops between its steps (a batch of the largest
    LSOA sets takes a fraction of a second; the panel cancels outlines of a threshold the user has left)."""
    shapes, sets, min_hole = made_up_sets()
    asked = []

    def is_cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(Cancelled):
        many_outlines.outline_sets(shapes, sets, 40.0, min_hole, is_cancelled=is_cancelled, workers=1)
    assert len(asked) == 2


@pytest.mark.parametrize("most", [many_outlines.BATCH_SETS, 7, 1, 0])
@pytest.mark.parametrize("sizes", [[], [1], [5000], [3] * 300, [5000, 2, 2, 3999, 1, 1], [10] * 1000])
def test_batches_cover_every_set_once_within_their_limits(sizes, most):
    batches = many_outlines._batches(sizes, most)
    covered = [k for start, stop in batches for k in range(start, stop)]
    assert covered == list(range(len(sizes)))
    for start, stop in batches:
        assert stop - start <= max(1, most)
        assert stop - start == 1 or sum(sizes[start:stop]) <= many_outlines.BATCH_MEMBERS


def test_a_few_hundred_sets_still_use_every_thread(monkeypatch):
    """309 LADs give a few hundred sets: split into several batches per thread, not one batch in one thread."""
    shapes, sets, min_hole = made_up_sets()
    seen = set()
    work = many_outlines._outline_batch

    def counted(*args, **kwargs):
        seen.add(threading.get_ident())
        return work(*args, **kwargs)

    monkeypatch.setattr(many_outlines, "_outline_batch", counted)
    many_outlines.outline_sets(shapes, sets * 20, 40.0, min_hole, workers=2)
    assert len(seen) == (2 if many_outlines.VECTORISED else 0)
