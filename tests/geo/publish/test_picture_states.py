"""The states under a picture, kept on disk: what is read back is what was built, never coarser
than the picture asked for."""

from __future__ import annotations

import numpy as np
import pytest

from geo.publish import picture_states
from geo.publish.picture_states import CONUS, Outlines, outlines


def _same(read: Outlines, built: Outlines) -> None:
    assert read.codes == built.codes
    assert np.allclose(read.corners, built.corners)
    for mine, theirs in zip(
        [*read.fills, read.land, read.borders], [*built.fills, built.land, built.borders], strict=True
    ):
        assert np.array_equal(mine.vertices, theirs.vertices) and np.array_equal(mine.codes, theirs.codes)


@pytest.mark.parametrize(("name", "tolerance"), [(CONUS, 2400.0), ("AK", 4000.0), ("HI", 800.0)])
def test_outlines_read_back_from_disk_are_those_built(name, tolerance):
    picture_states._outlines_at.cache_clear()
    kept = outlines(name, tolerance)
    rung = int(np.floor(np.log2(tolerance) * picture_states.RUNGS_PER_DOUBLING))
    assert picture_states._cache_file(f"{name}-{rung}.npz").is_file()
    _same(kept, picture_states._outlined(name, 2.0 ** (rung / picture_states.RUNGS_PER_DOUBLING)))


@pytest.mark.parametrize("tolerance", [2300.0, 2600.0, 3100.0])
def test_outlines_are_never_coarser_than_asked(tolerance):
    kept, asked = outlines(CONUS, tolerance), picture_states._outlined(CONUS, tolerance)
    assert len(kept.borders.vertices) >= len(asked.borders.vertices)
    assert sum(map(len, (fill.vertices for fill in kept.fills))) >= sum(len(fill.vertices) for fill in asked.fills)


def test_a_region_is_projected_for_its_map():
    assert picture_states.region(CONUS).crs.to_epsg() == 5070
    assert set(picture_states.region("HI")["state"]) == {"HI"}
    x0, _, x1, _ = picture_states.region("AK").total_bounds
    assert x1 - x0 < 4_000_000  # the mainland only: the Aleutians past the antimeridian are clipped
