"""Counted discs for views with more incidents than a browser should draw one by one.

At national zooms a disc counts one state's incidents, so no disc stands for a region that spans
several states (merged grid cells once held 58% of a year's shootings in one disc over Ohio).
Closer in, several grid sizes are sent at once and the map shows the one that suits its zoom (each
about 45 pixels across at the zoom it is shown at, so cells never pile into one mass), and zooming
in drills down from regions to towns without asking the server. Every cell carries how its
incidents split across attribution levels and crime types, so how firmly the links are
established stays visible where there are too many incidents to draw; a click lists its incidents.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from geo.map.playback import PLAYBACK_MAX_ZOOM, Months
from geo.reference.vocab import ATTRIBUTION_ORDER, CHANGE_KINDS
from geo.style.discs import CELL_SPACING, DISC_GAP, DISC_SIZES
from geo.support.encode import encode_points, encode_splits, per_value, spatial_order

# (largest zoom the level is shown at, cell size in degrees): halving with every zoom step.
LEVELS: tuple[tuple[int, float], ...] = (
    (3, 8.0),
    (4, 4.0),
    (5, 2.0),
    (6, 1.0),
    (7, 0.5),
    (8, 0.25),
    (9, 0.125),
    (10, 0.0625),
    (99, 0.03125),
)
# Up to this zoom a disc counts a state's incidents (incidents without a state, their grid cell's).
STATE_ZOOM = 4
# When points are also sent, cells stand in for them only at national and regional zooms.
LEVELS_BEFORE_POINTS: tuple[tuple[int, float], ...] = LEVELS[:5]


# Where points are sent too, a level whose discs hold fewer incidents than this on average is not
# sent, nor any finer one: there the points no longer pile up and say more than counts.
SPARSE_DISCS = 4

# Finer levels are sent only while a level has at most this many grid cells (its discs, merged where
# they would overlap, are fewer): a 1,000,000-incident view stops at cells of about 7 km, and the
# next level's 41,000 cells are counted, not merged. The last level sent is shown at every closer zoom.
MAX_CELLS = 15_000


@dataclass(frozen=True)
class BinLevel:
    max_zoom: int
    cell: float
    keys: np.ndarray  # (row, col) of every grid cell with incidents
    owner: np.ndarray  # the disc (in payload order) each of those grid cells was counted in
    counts: np.ndarray  # incidents per disc, in payload order
    states: tuple[str, ...] = ()  # at national zooms, the state each disc counts ("": a grid cell's)


def _cells(lat: np.ndarray, lon: np.ndarray, cell: float) -> tuple[np.ndarray, np.ndarray]:
    return np.floor(lat / cell).astype(np.int64), np.floor(lon / cell).astype(np.int64)


_OFFSET = 1 << 30  # cells are never this many rows or columns from the equator or the meridian


def _key(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """One non-negative integer per (row, col)."""
    return ((rows + _OFFSET) << 31) | (cols + _OFFSET)


def _unkey(keys: np.ndarray) -> np.ndarray:
    return np.stack([(keys >> 31) - _OFFSET, (keys & ((1 << 31) - 1)) - _OFFSET], axis=1)


def _split(cell_of: np.ndarray, codes: np.ndarray, cells: int, width: int) -> np.ndarray:
    """Incidents per (cell, code) as a cells x width matrix."""
    return np.bincount(cell_of * width + codes, minlength=cells * width).reshape(cells, width)


def disc_radius(counts: np.ndarray, largest: float, spacing: float) -> np.ndarray:
    """A disc's radius in pixels where cell centres are ``spacing`` pixels apart: area follows the
    count, and the largest disc spans just under one cell. ``atlas.js`` (``cellSizer``) draws by
    the same rule, from ``DISC_SIZES``."""
    most = max(min(spacing / 2 - DISC_SIZES["edge"], DISC_SIZES["most"]), DISC_SIZES["least"] - 1.5)
    least = min(DISC_SIZES["least"], most)
    return least + (most - least) * np.sqrt(np.asarray(counts, dtype=float) / largest)


def _spacing(cell: float) -> float:
    """Pixels between cell centres at the zoom a level is designed for (256-pixel tiles)."""
    zoom = round(np.log2(360 * CELL_SPACING / (256 * cell)))
    return cell * 256 * 2**zoom / 360


def _stronger_neighbour(lat: np.ndarray, lon: np.ndarray, counts: np.ndarray, cell: float) -> np.ndarray:
    """For each disc, the largest other disc (ties: the earlier) that is larger than it and would
    overlap it, or itself. Overlapping discs are never more than a cell apart, so they are found
    on a grid of that size; pixels are measured along the parallels, where they are fewest."""
    n, distance = len(counts), cell
    spacing = _spacing(cell)
    radius = disc_radius(counts, counts.max(), spacing) * cell / spacing  # in degrees
    rows, cols = _cells(lat, lon, distance)
    around = np.concatenate([_key(rows + dr, cols + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)])
    i, j = _same_keys(around, _key(rows, cols))
    i %= n  # from the nine shifted copies back to the disc
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((-np.arange(n), counts))] = np.arange(n)  # higher: more incidents, then earlier
    apart = radius[i] + radius[j] + DISC_GAP * cell / spacing
    close = (np.hypot(lat[i] - lat[j], lon[i] - lon[j]) < apart) & (rank[j] > rank[i])
    i, j = i[close], j[close]
    parent = np.arange(n)
    best = np.lexsort((rank[j], i))  # per i, its strongest neighbour last
    last = np.r_[i[best][1:] != i[best][:-1], True] if len(best) else np.array([], dtype=bool)
    parent[i[best][last]] = j[best][last]
    return parent


def _same_keys(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (position in ``left``, position in ``right``) pair with equal keys: a join through one
    hashing of both, in half the time of a DataFrame merge on the few thousand discs of a level."""
    codes, uniques = pd.factorize(np.concatenate([right, left]))
    ours, theirs = codes[: len(right)], codes[len(right) :]
    order = np.argsort(ours, kind="stable")
    count = np.bincount(ours, minlength=len(uniques))
    found, first = count[theirs], (np.cumsum(count) - count)[theirs]
    at = np.arange(int(found.sum())) - np.repeat(np.cumsum(found) - found - first, found)
    return np.repeat(np.arange(len(left)), found), order[at]


def _merge_close(lat: np.ndarray, lon: np.ndarray, counts: np.ndarray, cell: float) -> np.ndarray:
    """The disc each grid cell is counted in: a cell whose disc would overlap a larger one joins
    it (as a city astride a cell edge becomes one disc), until no two discs overlap at the zoom
    their level is designed for."""
    owner = np.arange(len(counts))
    weights = counts.astype(float)
    for _ in range(10):
        parent = _stronger_neighbour(lat, lon, weights, cell)
        if (parent == np.arange(len(parent))).all():
            break
        while not (parent[parent] == parent).all():
            parent = parent[parent]
        _, disc = np.unique(parent, return_inverse=True)
        owner = disc[owner]
        total = np.bincount(disc, weights=weights)
        lat = np.bincount(disc, weights=weights * lat) / total
        lon = np.bincount(disc, weights=weights * lon) / total
        weights = total
    return owner


def _codes(values: pd.Series, order: tuple[str, ...] | list[str], default: int) -> np.ndarray:
    """Each value's position in ``order`` (``default`` for any other)."""
    position = {key: i for i, key in enumerate(order)}
    return per_value(values, lambda value: position.get(value, default), default)


def type_codes(incidents: pd.DataFrame, shown: tuple[str, ...]) -> np.ndarray:
    """Each incident's crime type as its position in ``shown``; every other type is ``len(shown)``."""
    return _codes(incidents["crime_type"], shown, len(shown))


def level_codes(incidents: pd.DataFrame) -> np.ndarray:
    return _codes(incidents["attribution"], ATTRIBUTION_ORDER, len(ATTRIBUTION_ORDER) - 1)


def bin_levels(
    incidents: pd.DataFrame,
    shown_types: tuple[str, ...] = (),
    levels_wanted: tuple[tuple[int, float], ...] = LEVELS,
    months: Months | None = None,
    with_points: bool = False,
) -> tuple[list[BinLevel], list[dict]]:
    """Server-side index and browser payload for every level: disc centres (their incidents' mean
    position), counts, and the split by attribution level and by crime type (``shown_types`` in
    order, then the rest as one), each sparse (see ``geo.support.encode.encode_splits``).
    ``with_points``: the points are sent too, and take over from the first level of sparse discs."""
    lat = incidents["lat"].to_numpy(dtype=float)
    lon = incidents["lon"].to_numpy(dtype=float)
    state = incidents["state"].fillna("") if "state" in incidents else pd.Series("", index=incidents.index)
    state_of, names = pd.factorize(state, sort=True)
    splits = {
        "byLevel": (level_codes(incidents), len(ATTRIBUTION_ORDER)),
        "byType": (type_codes(incidents, shown_types), len(shown_types) + 1),
    }
    # A view of changes (``geo.dataset.history.with_changes``) also counts each disc's kinds of change.
    if "change" in incidents:
        splits["byChange"] = (_codes(incidents["change"], list(CHANGE_KINDS), 0), len(CHANGE_KINDS))
    atoms = _Atoms(lat, lon, state_of, min(cell for _, cell in levels_wanted), splits)
    names = np.asarray(names, dtype=object)
    levels, payload = [], []
    for max_zoom, cell in levels_wanted:
        if levels and atoms.cells(cell) > MAX_CELLS:
            break
        disc_of, uniques, owner, named = _discs(atoms, names if max_zoom <= STATE_ZOOM else None, cell)
        discs = int(disc_of.max()) + 1 if len(disc_of) else 0
        counts = _sums(disc_of, atoms.count, discs).astype(np.int64)
        centre_lat = _sums(disc_of, atoms.lat, discs) / counts
        centre_lon = _sums(disc_of, atoms.lon, discs) / counts
        order = spatial_order(centre_lat, centre_lon)
        position = np.empty_like(order)
        position[order] = np.arange(len(order))
        if levels and with_points and len(lat) < SPARSE_DISCS * discs:
            break
        named_in_order = tuple(named[order].tolist()) if named is not None else ()
        if levels and not len(uniques) and named_in_order == levels[-1].states:
            # Every incident has a state: the same discs as the level before, shown one zoom longer.
            levels[-1] = replace(levels[-1], max_zoom=max_zoom)
            payload[-1]["maxZoom"] = max_zoom
            continue
        levels.append(BinLevel(max_zoom, cell, _unkey(uniques), position[owner], counts[order], named_in_order))
        payload.append(
            {
                "maxZoom": max_zoom,
                "cell": cell,
                "points": encode_points(centre_lat[order].round(4), centre_lon[order].round(4), 4),
                "counts": ",".join(map(str, counts[order].tolist())),
            }
        )
        for key, split in atoms.splits.items():
            payload[-1][key] = encode_splits(_sums(disc_of, split, discs)[order])
        if named_in_order:
            payload[-1]["states"] = list(named_in_order)
        if months is not None and max_zoom <= PLAYBACK_MAX_ZOOM:
            payload[-1]["byMonth"] = months.per_disc(position[disc_of][atoms.of], discs)
    # Without points, the last level sent stands in for any finer ones left out.
    if not with_points:
        levels[-1] = replace(levels[-1], max_zoom=levels_wanted[-1][0])
        payload[-1]["maxZoom"] = levels_wanted[-1][0]
    return levels, payload


def _sums(disc_of: np.ndarray, values: np.ndarray, discs: int) -> np.ndarray:
    """Per disc, the sum of its atoms' ``values`` (one per atom, or a row of counts per atom)."""
    if values.ndim == 1:
        return np.bincount(disc_of, weights=values, minlength=discs)
    width = values.shape[1]
    flat = (disc_of[:, None] * width + np.arange(width)).ravel()
    return np.bincount(flat, weights=values.ravel(), minlength=discs * width).reshape(discs, width).astype(np.int64)


class _Atoms:
    """The incidents grouped by their grid cell at the finest level and their state, with how many
    each group holds, the sums of their positions and their splits. Cell sizes halve, so a coarser
    cell is a finer one's row and column shifted right: every level's discs are unions of atoms, and
    each level counts the atoms instead of every incident (a million incidents were gone through
    eight times a level; their atoms are about 41,000)."""

    def __init__(
        self,
        lat: np.ndarray,
        lon: np.ndarray,
        state_of: np.ndarray,
        finest: float,
        splits: dict[str, tuple[np.ndarray, int]],
    ) -> None:
        self.finest = finest
        fine_of, fine_keys = pd.factorize(_key(*_cells(lat, lon, finest)), sort=False)
        states = int(state_of.max(initial=0)) + 1
        # Atoms in the order of their first incident: a cell of any level then first appears with
        # the atom of its first incident, as if its incidents were hashed themselves.
        self.of, pairs = pd.factorize(fine_of * states + state_of, sort=False)
        pairs = np.asarray(pairs, dtype=np.int64)
        fine = _unkey(np.asarray(fine_keys, dtype=np.int64)[pairs // states])
        self.rows, self.cols, self.state = fine[:, 0], fine[:, 1], pairs % states
        atoms = len(pairs)
        self.count = np.bincount(self.of, minlength=atoms).astype(float)
        self.lat = np.bincount(self.of, weights=lat, minlength=atoms)
        self.lon = np.bincount(self.of, weights=lon, minlength=atoms)
        self.splits = {key: _split(self.of, codes, atoms, width) for key, (codes, width) in splits.items()}
        self._whole: dict[float, tuple[np.ndarray, np.ndarray]] = {}

    def cells(self, cell: float) -> int:
        """How many grid cells of this size hold incidents."""
        return len(self.at(cell)[1])

    def at(self, cell: float, kept: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """As ``pd.factorize`` of the level's cell keys: each atom's (of ``kept`` atoms) cell, and
        the cells' keys in the order they first appear. Of every atom, worked out once a size: the
        cell budget's count and the level's discs ask for the same."""
        if kept is None and cell in self._whole:
            return self._whole[cell]
        steps = math.log2(cell / self.finest)
        if steps < 0 or steps != int(steps):
            raise ValueError(f"cells of {cell} degrees do not nest cells of {self.finest}")
        rows, cols = (self.rows, self.cols) if kept is None else (self.rows[kept], self.cols[kept])
        of, keys = pd.factorize(_key(rows >> int(steps), cols >> int(steps)), sort=False)
        found = of, np.asarray(keys, dtype=np.int64)
        if kept is None:
            self._whole[cell] = found
        return found


def _discs(
    atoms: _Atoms, names: np.ndarray | None, cell: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """Each atom's disc; the grid cells' keys and the disc each was counted in; with ``names`` (the
    sorted state names atoms' states index), the state each disc counts ("" for a grid cell of
    incidents without one). Grid cells whose discs would overlap merge; states never do."""
    kept = names != "" if names is not None else np.array([False])
    if not kept.any():
        cell_of, uniques, owner = _grid(atoms, cell)
        return owner[cell_of], uniques, owner, None
    stateless = ~kept[atoms.state]
    named = int(kept.sum())
    disc_of = np.empty(len(atoms.state), dtype=np.int64)
    disc_of[~stateless] = (np.cumsum(kept) - 1)[atoms.state[~stateless]]
    # Incidents without a state are counted by grid cell, after the states.
    cell_of, uniques, owner = _grid(atoms, cell, stateless)
    disc_of[stateless] = named + owner[cell_of]
    return disc_of, uniques, named + owner, np.concatenate([names[kept], np.full(len(uniques), "", dtype=object)])


def _grid(atoms: _Atoms, cell: float, kept: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each atom's (of ``kept`` atoms) grid cell, the cells' keys, and the disc each cell is counted in."""
    cell_of, uniques = atoms.at(cell, kept)
    n = len(uniques)
    if not n:
        return cell_of, uniques, np.arange(n)
    pick = slice(None) if kept is None else kept
    counts = np.bincount(cell_of, weights=atoms.count[pick], minlength=n)
    owner = _merge_close(
        np.bincount(cell_of, weights=atoms.lat[pick], minlength=n) / counts,
        np.bincount(cell_of, weights=atoms.lon[pick], minlength=n) / counts,
        counts,
        cell,
    )
    return cell_of, uniques, owner


def incidents_in_bin(incidents: pd.DataFrame, level: BinLevel, index: int) -> pd.DataFrame:
    """The incidents a disc counts: its state's, or its grid cells' (``incidents`` needs lat, lon and state)."""
    states = incidents["state"].fillna("").astype(str).to_numpy() if level.states else None
    if states is not None and level.states[index]:
        return incidents.loc[states == level.states[index]]
    rows, cols = _cells(incidents["lat"].to_numpy(dtype=float), incidents["lon"].to_numpy(dtype=float), level.cell)
    members = level.keys[level.owner == index]
    inside = np.isin(_key(rows, cols), _key(members[:, 0], members[:, 1]))
    return incidents.loc[inside & (states == "") if states is not None else inside]
