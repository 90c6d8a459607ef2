"""Reference values from esda/libpysal/spopt, run with ``.venv-ref/bin/python`` as a subprocess.

Usage: ``esda_reference.py INPUT.json OUTPUT.json``. INPUT has ``n``, ``pairs``
(neighbour pairs, i<j), ``values`` (n × s, one column per sector), ``permutations``,
``seed``, optionally ``local`` (default true; false skips the local statistics) and
``skater`` = {"k": int, "floor": int, "data": n × p}.
The weights are built from exactly these pairs so both sides use the same graph
(regions in no pair are islands of W, as esda handles them).
OUTPUT: per sector ``Is``, ``q``, ``p_sim`` (Moran_Local), ``Zs``, ``Gs``, ``p_sim_g``
(G_Local star=True) unless ``local`` is false, always ``moran`` = esda.Moran's
``I, EI, VI_norm, VI_rand, z_norm, z_rand, p_norm, p_rand, p_sim, EI_sim, seI_sim,
z_sim, p_z_sim`` (transformation "r", np.random seeded with ``seed`` first), and
``skater_labels`` when asked. The plugin never imports this.
"""
from __future__ import annotations

import json
import sys
import warnings


def main(src: str, dst: str) -> None:
    import esda
    import numpy as np
    from libpysal.weights import W

    with open(src, encoding="utf-8") as fh:
        spec = json.load(fh)
    n = int(spec["n"])
    neighbours = {i: [] for i in range(n)}
    for i, j in spec["pairs"]:
        neighbours[int(i)].append(int(j))
        neighbours[int(j)].append(int(i))
    values = np.asarray(spec["values"], dtype=float).reshape(n, -1)
    perms = int(spec.get("permutations", 999))
    seed = spec.get("seed")
    local = spec.get("local", True)
    out: dict = {"sectors": []}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for j in range(values.shape[1]):
            y = values[:, j]
            sector: dict = {}
            if local:
                w = W(neighbours, id_order=list(range(n)), silence_warnings=True)
                w.transform = "r"
                lm = esda.Moran_Local(y, w, transformation="r", permutations=perms, seed=seed)
                wg = W(neighbours, id_order=list(range(n)), silence_warnings=True)
                wg.transform = "r"
                g = esda.G_Local(y, wg, transform="R", star=True, permutations=perms, seed=seed, n_jobs=1)
                sector.update({
                    "Is": lm.Is.tolist(), "q": lm.q.tolist(), "p_sim": np.asarray(lm.p_sim).tolist(),
                    "Zs": g.Zs.tolist(), "Gs": g.Gs.tolist(), "p_sim_g": np.asarray(g.p_sim).tolist(),
                })
            sector["moran"] = _moran(esda, W, neighbours, n, y, perms, seed)
            out["sectors"].append(sector)
        if spec.get("skater"):
            out["skater_labels"] = _skater(spec["skater"], neighbours, n)
    with open(dst, "w", encoding="utf-8") as fh:
        json.dump(out, fh)


def _moran(esda, W, neighbours: dict, n: int, y, perms: int, seed) -> dict:
    """esda's global Moran on a fresh row-standardised W (it draws from np.random's global state)."""
    import numpy as np

    w = W(neighbours, id_order=list(range(n)), silence_warnings=True)
    w.transform = "r"
    if seed is not None:
        np.random.seed(int(seed))
    mi = esda.Moran(y, w, transformation="r", permutations=perms)
    names = ("I", "EI", "VI_norm", "VI_rand", "z_norm", "z_rand", "p_norm", "p_rand", "p_sim", "EI_sim",
             "seI_sim", "z_sim", "p_z_sim")
    return {k: float(getattr(mi, k)) for k in names} | {"n": int(mi.n), "s0": float(w.s0), "s1": float(w.s1),
                                                       "s2": float(w.s2)}


def _skater(spec: dict, neighbours: dict, n: int) -> list:
    """spopt's SpanningForest with squared Euclidean dissimilarity, i.e. the within-group SSD objective."""
    import numpy as np
    from libpysal.weights import W
    from sklearn.metrics import pairwise as skm
    from spopt.region.skater import SpanningForest

    data = np.asarray(spec["data"], dtype=float)
    w = W(neighbours, id_order=list(range(n)), silence_warnings=True)
    forest = SpanningForest(dissimilarity=lambda a, b: skm.euclidean_distances(a, b, squared=True))
    floor = spec.get("floor", 1)
    forest.fit(int(spec["k"]), w, data=data, quorum=floor, islands="ignore")
    return np.asarray(forest.current_labels_).tolist()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
