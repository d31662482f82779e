import numpy as np
import pandas as pd
import pytest

from geo.support.membership import FEW_MEMBERS, among, positions


@pytest.mark.parametrize("members", [FEW_MEMBERS // 2, FEW_MEMBERS * 3])
@pytest.mark.parametrize("kind", [set, frozenset, list])
def test_each_value_is_found_among_few_members_or_many(members, kind):
    ids = [f"record-{n}" for n in range(2 * members)]
    values = pd.Series([*ids[::7], "absent", None, ids[-1]], dtype="str")
    chosen, wanted = kind(ids[:members]), set(ids[:members])
    expected = [isinstance(value, str) and value in wanted for value in values.tolist()]
    found = among(values, chosen)
    assert found.dtype == bool and found.tolist() == expected
    assert found.any() and not found.all()


def test_nothing_is_among_no_members_and_no_values_give_no_answers():
    assert among(pd.Series(["a", "b"], dtype="str"), set()).tolist() == [False, False]
    assert among(pd.Series([], dtype="str"), {f"x{n}" for n in range(FEW_MEMBERS + 1)}).shape == (0,)
    assert np.array_equal(among(pd.Series(["a"], dtype=object), ["a"]), [True])


def test_each_value_has_its_position_among_the_keys_or_none():
    keys = pd.Series(["b", "a", "c"], dtype="str")
    values = pd.Index(["c", "x", "a", "a", None], dtype=object)
    assert positions(values, keys).tolist() == [2, -1, 1, 1, -1]
    assert positions(pd.Series([], dtype="str"), keys).tolist() == []
    assert positions(keys, pd.Index([], dtype="str")).tolist() == [-1, -1, -1]
