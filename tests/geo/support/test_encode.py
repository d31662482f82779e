import json
import re

import numpy as np
import pandas as pd
import pytest

from geo.support.encode import (
    CODE_ALPHABET,
    decode_points,
    decode_splits,
    encode_codes,
    encode_points,
    encode_splits,
    markup_safe_json,
    per_value,
    script_json,
    spatial_order,
)
from tests.support.hostile import HOSTILE


def test_matches_the_published_polyline_example():
    lat, lon = np.array([38.5, 40.7, 43.252]), np.array([-120.2, -120.95, -126.453])
    assert encode_points(lat, lon, 5) == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"


def test_points_round_trip_at_their_precision():
    rng = np.random.default_rng(7)
    lat, lon = rng.uniform(-89, 89, 5000).round(5), rng.uniform(-179, 179, 5000).round(5)
    decoded = np.array(decode_points(encode_points(lat, lon)))
    assert np.allclose(decoded[:, 0], lat, atol=1e-9) and np.allclose(decoded[:, 1], lon, atol=1e-9)


def test_spatial_order_makes_the_encoding_smaller():
    rng = np.random.default_rng(3)
    lat, lon = rng.uniform(25, 49, 20000).round(5), rng.uniform(-124, -67, 20000).round(5)
    order = spatial_order(lat, lon)
    assert len(encode_points(lat[order], lon[order])) < 0.8 * len(encode_points(lat, lon))


def test_codes_are_one_safe_character_per_value():
    text = encode_codes(np.array([0, 5, 63]), np.array([1, 2, 3]))
    assert text == "ABFC/D"
    assert set(text) <= set(CODE_ALPHABET) and "_" not in CODE_ALPHABET


def test_script_json_has_no_markup_and_round_trips():
    value = {"t": HOSTILE}
    text = script_json(value)
    assert not set("<>&_") & set(text)
    assert "\u2028" not in text and "\u2029" not in text
    assert not re.search(r"\{[{%#]", text)  # branca re-renders script output as Jinja
    assert json.loads(text) == value


def test_markup_safe_json_keeps_underscores_and_indents_but_no_markup():
    text = markup_safe_json({"a_b": "</script>&"}, depth=2, sort_keys=True)
    assert "a_b" in text and "<" not in text and "&" not in text and "\n" in text
    assert json.loads(text) == {"a_b": "</script>&"}


def test_readable_json_is_indented_to_its_depth_with_each_deeper_value_on_a_line():
    value = {
        "records": [{"id": "b", "n": 2.5}, {"id": "a", "at": None}],
        "counts": {"shown": 2, "by": {"x": 1}},
        "empty": [],
        1: True,
    }
    text = markup_safe_json(value, depth=2, sort_keys=False)
    assert json.loads(text) == {**{k: v for k, v in value.items() if k != 1}, "1": True}
    assert text.splitlines() == [
        "{",
        '  "records": [',
        '    {"id": "b", "n": 2.5},',
        '    {"id": "a", "at": null}',
        "  ],",
        '  "counts": {',
        '    "shown": 2,',
        '    "by": {"x": 1}',
        "  },",
        '  "empty": [],',
        '  "1": true',
        "}",
    ]
    with pytest.raises(ValueError):
        markup_safe_json({"records": [{"n": float("nan")}]}, depth=2)


def test_splits_are_sparse_and_round_trip():
    matrix = np.array([[12, 0, 3], [0, 1, 0], [5, 5, 5], [0, 0, 100000]])
    text = encode_splits(matrix)
    assert text == "a12c3,b1,a5b5c5,c100000"
    assert (decode_splits(text, 3) == matrix).all()


def test_per_value_looks_each_distinct_value_up_once_and_gives_missing_for_empty_ones():
    asked = []

    def lookup(value: str) -> int:
        asked.append(value)
        return len(value)

    values = pd.Series(["city", None, "state", "city", "city"], dtype="str")
    assert per_value(values, lookup, missing=-1).tolist() == [4, -1, 5, 4, 4]
    assert sorted(asked) == ["city", "state"]
