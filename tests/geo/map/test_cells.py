import numpy as np
import pandas as pd

from geo.encode import decode_points
from geo.map.cells import LEVELS, bin_levels, incidents_in_bin


def incidents(n=3000, seed=1):
    rng = np.random.default_rng(seed)
    centres = np.array([[39.74, -104.99], [41.88, -87.63], [29.76, -95.37]])
    picked = centres[rng.integers(0, 3, n)] + rng.normal(0, 0.2, (n, 2))
    return pd.DataFrame({"id": [f"i{k}" for k in range(n)], "lat": picked[:, 0], "lon": picked[:, 1]})


def test_every_level_counts_every_incident_once():
    frame = incidents()
    levels, payload = bin_levels(frame)
    assert len(levels) == len(payload) == len(LEVELS)
    for level, sent in zip(levels, payload, strict=True):
        counts = [int(c) for c in sent["counts"].split(",")]
        assert sum(counts) == len(frame) == level.counts.sum()
        assert len(decode_points(sent["points"], 4)) == len(counts)
    assert len(levels[0].counts) < len(levels[-1].counts)  # finer as you zoom in


def test_a_cell_lists_exactly_its_incidents():
    frame = incidents()
    levels, payload = bin_levels(frame)
    finest = levels[-1]
    members = incidents_in_bin(frame, finest, 0)
    assert len(members) == finest.counts[0]
    centre = decode_points(payload[-1]["points"], 4)[0]
    assert abs(members["lat"].mean() - centre[0]) < 1e-3 and abs(members["lon"].mean() - centre[1]) < 1e-3
