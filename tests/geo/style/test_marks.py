from geo.reference.vocab import ATTRIBUTION_LEVELS
from geo.style.marks import MARKS


def test_every_level_has_its_own_shape_not_only_a_line_weight():
    assert set(MARKS) == {level.key for level in ATTRIBUTION_LEVELS}
    looks = {(m.fill, m.dash, m.cross, m.ring, m.scale) for m in MARKS.values()}
    assert len(looks) == len(MARKS)
