import pandas as pd

from geo.dataset.dataset import Dataset
from geo.view.filters import Filters
from geo.view.view import view_of
from ui.view import SharedViews


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
