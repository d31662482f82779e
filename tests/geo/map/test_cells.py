import numpy as np
import pandas as pd
import pytest

from geo.map import cells
from geo.map.cells import LEVELS, bin_levels, disc_radius, incidents_in_bin
from geo.reference.vocab import ATTRIBUTION_ORDER
from geo.support.encode import decode_points, decode_splits

TYPES = ("homicide", "weapons", "drugs", "theft")


def incidents(n=3000, seed=1):
    rng = np.random.default_rng(seed)
    centres = np.array([[39.74, -104.99], [41.88, -87.63], [29.76, -95.37]])
    picked = centres[rng.integers(0, 3, n)] + rng.normal(0, 0.2, (n, 2))
    return pd.DataFrame(
        {
            "id": [f"i{k}" for k in range(n)],
            "lat": picked[:, 0],
            "lon": picked[:, 1],
            "attribution": rng.choice(ATTRIBUTION_ORDER, n),
            "crime_type": rng.choice(TYPES, n),
        }
    )


def test_every_level_counts_every_incident_once():
    frame = incidents()
    levels, payload = bin_levels(frame, TYPES[:2])
    assert len(levels) == len(payload) == len(LEVELS)
    for level, sent in zip(levels, payload, strict=True):
        counts = [int(c) for c in sent["counts"].split(",")]
        assert sum(counts) == len(frame) == level.counts.sum()
        assert len(decode_points(sent["points"], 4)) == len(counts)
    assert len(levels[0].counts) < len(levels[-1].counts)  # finer as you zoom in


def test_each_cell_splits_its_incidents_by_level_and_by_type():
    frame = incidents()
    shown = ("theft", "homicide")
    levels, payload = bin_levels(frame, shown)
    for level, sent in zip(levels, payload, strict=True):
        by_level = decode_splits(sent["byLevel"], len(ATTRIBUTION_ORDER))
        by_type = decode_splits(sent["byType"], len(shown) + 1)
        assert (by_level.sum(axis=1) == level.counts).all() and (by_type.sum(axis=1) == level.counts).all()
    finest, sent = levels[-1], payload[-1]
    by_level = decode_splits(sent["byLevel"], len(ATTRIBUTION_ORDER))
    by_type = decode_splits(sent["byType"], len(shown) + 1)
    for index in (0, len(finest.counts) // 2, len(finest.counts) - 1):
        members = incidents_in_bin(frame, finest, index)
        expected = members["attribution"].value_counts()
        assert [int(expected.get(key, 0)) for key in ATTRIBUTION_ORDER] == by_level[index].tolist()
        types = members["crime_type"]
        expected_types = [(types == "theft").sum(), (types == "homicide").sum(), (~types.isin(shown)).sum()]
        assert by_type[index].tolist() == expected_types


def test_no_two_discs_overlap_at_the_zoom_their_level_is_drawn_at():
    frame = incidents(20_000)
    levels, payload = bin_levels(frame, TYPES)
    merged = 0
    for level, sent in zip(levels, payload, strict=True):
        cell = level.cell
        zoom = min(level.max_zoom, LEVELS[-2][0] + 1)  # the finest level is designed for the zoom after the rest
        spacing = cell * 256 * 2**zoom / 360  # pixels per cell along a parallel
        centres = np.array(decode_points(sent["points"], 4))
        radius = disc_radius(level.counts, level.counts.max(), spacing)
        # Mercator stretches north-south distances: east-west pixels are the fewest.
        apart = np.hypot(*(centres[:, None, :] - centres[None, :, :]).transpose(2, 0, 1)) * spacing / cell
        np.fill_diagonal(apart, np.inf)
        assert (apart >= radius[:, None] + radius[None, :]).all()
        merged += len(level.keys) - len(level.counts)
    assert merged > 0  # the three cities straddle cell edges at some level


def test_a_merged_disc_lists_every_incident_of_its_cells():
    frame = incidents()
    levels, _ = bin_levels(frame)
    for level in levels:
        listed = sum(len(incidents_in_bin(frame, level, index)) for index in range(len(level.counts)))
        assert listed == len(frame)
        for index in np.flatnonzero(np.bincount(level.owner) > 1)[:3]:
            assert len(incidents_in_bin(frame, level, index)) == level.counts[index]


def test_finer_levels_stop_at_the_cell_budget(monkeypatch):
    import geo.map.cells as cells

    monkeypatch.setattr(cells, "MAX_CELLS", 60)
    levels, payload = bin_levels(incidents())
    assert len(levels) < len(LEVELS) and all(len(level.counts) <= 60 for level in levels[1:])
    assert payload[-1]["maxZoom"] == levels[-1].max_zoom == LEVELS[-1][0]


def test_cells_halve_with_each_zoom_step_so_discs_stay_apart():
    sizes = [cell for _, cell in LEVELS]
    zooms = [zoom for zoom, _ in LEVELS[:-1]]
    assert all(b == a / 2 for a, b in zip(sizes, sizes[1:], strict=False))
    assert zooms == list(range(zooms[0], zooms[0] + len(zooms)))
    # About 45 pixels between cell centres at the zoom each level is shown at (256-pixel tiles).
    for zoom, cell in LEVELS[:-1]:
        assert 40 <= cell * 256 * 2**zoom / 360 <= 50


def test_a_cell_lists_exactly_its_incidents():
    frame = incidents()
    levels, payload = bin_levels(frame)
    finest = levels[-1]
    members = incidents_in_bin(frame, finest, 0)
    assert len(members) == finest.counts[0]
    centre = decode_points(payload[-1]["points"], 4)[0]
    assert abs(members["lat"].mean() - centre[0]) < 1e-3 and abs(members["lon"].mean() - centre[1]) < 1e-3


def test_in_a_view_of_changes_each_disc_counts_its_kinds_of_change():
    from geo.reference.vocab import CHANGE_KINDS

    frame = incidents()
    frame["change"] = np.random.default_rng(3).choice(list(CHANGE_KINDS), len(frame))
    levels, payload = bin_levels(frame, TYPES)
    for level, sent in zip(levels, payload, strict=True):
        by_change = decode_splits(sent["byChange"], len(CHANGE_KINDS))
        assert (by_change.sum(axis=1) == level.counts).all()
    finest, sent = levels[-1], payload[-1]
    by_change = decode_splits(sent["byChange"], len(CHANGE_KINDS))
    for index in (0, len(finest.counts) - 1):
        expected = incidents_in_bin(frame, finest, index)["change"].value_counts()
        assert by_change[index].tolist() == [int(expected.get(key, 0)) for key in CHANGE_KINDS]
    assert "byChange" not in bin_levels(frame.drop(columns="change"), TYPES)[1][0]


def test_at_national_zoom_each_disc_counts_one_state():
    from geo.map.cells import STATE_ZOOM

    frame = incidents().assign(state="")
    frame.loc[frame["lon"] < -100, "state"] = "CO"
    frame.loc[(frame["lon"] > -90) & (frame.index % 10 != 0), "state"] = "IL"  # a tenth of Chicago has no state
    frame.loc[frame["lat"] < 32, "state"] = "TX"
    levels, payload = bin_levels(frame, TYPES)
    for level, sent in zip(levels, payload, strict=True):
        if level.max_zoom > STATE_ZOOM:
            assert not level.states and "states" not in sent
            continue
        assert sent["states"] == list(level.states) and {"CO", "IL", "TX"} <= set(level.states)
        by_state = frame["state"].value_counts()
        for index, code in enumerate(level.states):
            members = incidents_in_bin(frame, level, index)
            assert len(members) == level.counts[index]
            assert set(members["state"]) == {code} and (not code or len(members) == by_state[code])
        assert level.counts.sum() == len(frame)


def test_no_national_disc_holds_more_than_its_state_on_a_year_of_shootings():
    from bench.synthetic import national_year
    from geo.map.cells import STATE_ZOOM
    from geo.reference.states import normalize_state

    year = national_year(20_000)
    lat, lon = pd.to_numeric(year["latitude"], errors="coerce"), pd.to_numeric(year["longitude"], errors="coerce")
    frame = pd.DataFrame(
        {
            "lat": lat,
            "lon": lon,
            "state": year["state"].map(normalize_state),
            "attribution": "unrated",
            "crime_type": "shooting",
        }
    ).dropna(subset=["lat", "lon"])
    levels, _ = bin_levels(frame)
    largest_state = frame["state"].value_counts().max()
    for level in levels:
        if level.max_zoom <= STATE_ZOOM:
            assert level.counts.max() <= largest_state < 0.25 * len(frame)


def test_atoms_of_the_finest_cells_and_states_give_each_levels_own_cells():
    rng = np.random.default_rng(3)
    lat, lon = rng.uniform(-60, 70, 20_000), rng.uniform(-179, 179, 20_000)
    lat[:50] = 0.0  # on the equator and the meridian: the floor of a negative row stays the floor
    lon[50:100] = -0.03125
    state_of = rng.integers(0, 5, 20_000)
    atoms = cells._Atoms(lat, lon, state_of, LEVELS[-1][1], {})
    assert np.array_equal(atoms.state[atoms.of], state_of)
    assert atoms.count.sum() == 20_000 and np.allclose(atoms.lat.sum(), lat.sum())
    for _, cell in LEVELS:
        direct_of, direct_keys = pd.factorize(cells._key(*cells._cells(lat, lon, cell)), sort=False)
        atom_cell, keys = atoms.at(cell)
        assert np.array_equal(direct_of, atom_cell[atoms.of]) and np.array_equal(direct_keys, keys)
    with pytest.raises(ValueError):
        atoms.at(3.0)
    with pytest.raises(ValueError):
        atoms.at(LEVELS[-1][1] / 2)
