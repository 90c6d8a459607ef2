"""Run in .venv-ref (scikit-learn, geopandas): our weighted DBSCAN against scikit-learn's on libpysal's real
point data, in several CRSs; prints one JSON line of agreement figures.

Snow's cholera deaths (324 addresses, weight = deaths at the address) and the Prenzlauer Berg Airbnb listings
(2,203 points, weight = accommodates), both shipped by libpysal in EPSG:3857. Each is clustered in a true-scale
projected CRS (British National Grid, ETRS89 / UTM 33N) and in a Lambert azimuthal equal-area projection
centred on the data (what the plugin measures 3857 and 4326 data in).
"""
from __future__ import annotations

import json
import os
import sys

import geopandas as gpd
import libpysal
import numpy as np
from sklearn.cluster import DBSCAN

sys.path.insert(0, sys.argv[1])
from plugin.core.points import Density, SearchOptions, dbscan  # noqa: E402

EXAMPLES = os.path.join(os.path.dirname(libpysal.__file__), "examples")
DATA = {
    "snow": (os.path.join(EXAMPLES, "snow_maps", "SohoPeople.shp"), "Count", "EPSG:27700",
             [(20.0, 3), (35.0, 8), (60.0, 20)]),
    "berlin": (os.path.join(EXAMPLES, "berlin", "prenzlauer.zip"), "accommodat", "EPSG:25833",
               [(80.0, 10), (150.0, 40), (300.0, 150)]),
}


def agreement(xy, w, radius, min_samples, use_scipy):
    ref = DBSCAN(eps=radius, min_samples=min_samples, algorithm="ball_tree").fit(xy, sample_weight=w)
    ours = dbscan(xy, Density(radius, min_samples), w, search=SearchOptions(use_scipy=use_scipy))
    core_ref = np.zeros(len(xy), dtype=bool)
    core_ref[ref.core_sample_indices_] = True
    pair = {}
    partition = True
    for a, b in zip(ours.labels[core_ref], ref.labels_[core_ref]):
        partition &= pair.setdefault(int(a), int(b)) == int(b)
    partition &= len(set(pair.values())) == len(pair)
    # a border point may join any cluster with a core point within the radius
    legal = 0
    border = np.nonzero((ours.labels >= 0) & ~ours.core)[0]
    inverse = {b: a for a, b in pair.items()}
    for i in border:
        d = np.hypot(*(xy[core_ref] - xy[i]).T)
        allowed = {inverse.get(int(c)) for c in ref.labels_[core_ref][d <= radius]}
        legal += int(ours.labels[i] in allowed)
    return {"core_equal": bool((ours.core == core_ref).all()),
            "noise_equal": bool(((ours.labels < 0) == (ref.labels_ < 0)).all()),
            "partition_equal": bool(partition), "borders": int(len(border)), "borders_legal": legal,
            "clusters": int(ours.n_clusters), "clusters_ref": int(ref.labels_.max() + 1),
            "core": int(core_ref.sum()), "noise": int((ref.labels_ < 0).sum())}


def main() -> None:
    out = {}
    for name, (path, weight, projected, settings) in DATA.items():
        frame = gpd.read_file(path)
        lonlat = frame.to_crs("EPSG:4326")
        lat, lon = lonlat.geometry.y.mean(), lonlat.geometry.x.mean()
        laea = f"+proj=laea +lat_0={lat:.2f} +lon_0={lon:.2f} +datum=WGS84 +units=m +no_defs"
        w = frame[weight].astype(float).to_numpy()
        for crs in (projected, laea):
            g = frame.to_crs(crs).geometry
            xy = np.column_stack([g.x.to_numpy(), g.y.to_numpy()])
            for radius, min_samples in settings:
                for use_scipy in (True, False):
                    key = f"{name}|{'projected' if crs == projected else 'laea'}|{radius}|{min_samples}|{use_scipy}"
                    out[key] = agreement(xy, w, radius, min_samples, use_scipy)
                    out[key]["n"] = len(xy)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
