import pandas as pd

from geo.support.text import columns_for_readers, folded, for_readers


def test_look_alikes_fold_to_one_value():
    spellings = ["theft", "ｔｈｅｆｔ", "the\u200bft", "\ufefftheft", "th\u00adeft", "the\u2060ft", "thef\u200dt"]
    assert {folded(s) for s in spellings} == {"theft"}


def test_readers_get_no_direction_or_format_controls_but_keep_joiners():
    assert for_readers("\u202eevil\u202c \u2066x\u2069 a\u200bb") == "evil x ab"
    assert for_readers("\U0001f468\u200d\U0001f469") == "\U0001f468\u200d\U0001f469"  # a joined emoji stays


def test_columns_for_readers_cleans_text_columns_only_where_needed():
    frame = pd.DataFrame({"title": pd.Series(["ok", "Den\u202ever"], dtype="str"), "n": [1, 2], "x": ["a", None]})
    cleaned = columns_for_readers(frame)
    assert cleaned["title"].tolist() == ["ok", "Denver"] and cleaned["title"].dtype == frame["title"].dtype
    assert cleaned["n"].tolist() == [1, 2] and cleaned["x"].isna().tolist() == [False, True]
    clean = frame.iloc[:1]
    assert columns_for_readers(clean) is clean  # nothing to do: the same frame, no copy
