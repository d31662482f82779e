import dataclasses
from datetime import date

import pandas as pd
import streamlit as st

from geo.dataset.dataset import Dataset
from geo.view.filters import Filters
from geo.view.settings import MapSettings
from geo.view.view import view_of
from ui.view import VIEW_HASHES, SharedViews


def dataset(rows: int = 1000) -> Dataset:
    incidents = pd.DataFrame({"attribution": ["charged", "reported"] * (rows // 2), "text": ["x" * 100] * rows})
    return Dataset(incidents, pd.DataFrame(), None, None, (), (), "")


def test_a_view_of_every_row_is_the_dataset_itself_and_costs_nothing():
    data = dataset()
    views = SharedViews(budget=1)
    everything = views.get(("d", Filters()), lambda: view_of(data, Filters()))
    assert everything.incidents is data.incidents
    charged = Filters(attribution=("charged",))
    views.get(("d", charged), lambda: view_of(data, charged))
    # Over budget, but the newest view is kept, and the full one costs nothing: both stay.
    built = []
    again = views.get(("d", Filters()), lambda: built.append(1) or view_of(data, Filters()))
    assert built == [] and again is everything


def test_views_are_shared_until_the_budget_pushes_the_oldest_out():
    data = dataset()
    one_view = view_of(data, Filters(attribution=("charged",))).incidents.memory_usage(deep=True).sum()
    views = SharedViews(budget=int(2.5 * one_view))
    made = []

    def build(level):
        def make():
            made.append(level)
            return view_of(data, Filters(attribution=(level,)))

        return make

    first = views.get(("d", "charged"), build("charged"))
    assert views.get(("d", "charged"), build("charged")) is first and made == ["charged"]
    views.get(("d", "reported"), build("reported"))
    views.get(("d", "charged"), build("charged"))  # used again: now the most recent
    views.get(("d", "other"), build("reported"))  # a third pushes out the least recent, "reported"
    views.get(("d", "charged"), build("charged"))
    assert made == ["charged", "reported", "reported"]
    views.get(("d", "reported"), build("reported"))
    assert made[-1] == "reported" and len(made) == 4


def test_a_cache_keyed_by_a_view_tells_apart_every_field_and_shares_the_same_choice():
    calls = []

    @st.cache_data(hash_funcs=VIEW_HASHES)
    def cached(filters: Filters, settings: MapSettings, chosen: tuple[date, date]) -> int:
        calls.append(filters)
        return len(calls)

    base = Filters(attribution=("charged", "reported"), since=date(2024, 1, 1))
    span = (date(2024, 1, 1), date(2024, 2, 1))
    first = cached(base, MapSettings(), span)
    # The same choice made in another order is the same view.
    assert cached(Filters(since=date(2024, 1, 1), attribution=("reported", "charged")), MapSettings(), span) == first
    others = [
        (base.only(**{field.name: value}), MapSettings(), span)
        for field, value in zip(
            dataclasses.fields(Filters),
            [
                ("drugs",),
                ("charged",),
                ("CO",),
                date(2024, 1, 2),
                date(2024, 3, 1),
                True,
                date(2024, 1, 1),
                date(2023, 1, 1),
            ],
            strict=True,
        )
    ]
    others += [(base, MapSettings().only(**{field.name: "other"}), span) for field in dataclasses.fields(MapSettings)]
    others.append((base, MapSettings(), (date(2024, 1, 1), date(2024, 2, 2))))
    assert [cached(*arguments) for arguments in others] == list(range(2, len(others) + 2))
