"""The one road to a view: the same function gives staff and readers their view of a dataset."""

from dataclasses import replace

from geo.reference.vocab import FIRMEST_MEASURE
from geo.view.filters import Filters
from geo.view.view import Audience, view_of


def _with_a_private_row(shipped):
    incidents = shipped.incidents.copy()
    incidents.loc[incidents.index[0], ["public", "internal_notes"]] = [False, "canary note"]
    return replace(shipped, incidents=incidents), str(incidents.loc[incidents.index[0], "id"])


def test_readers_get_the_public_rows_and_the_ids_withheld_staff_get_every_row(shipped):
    dataset, private = _with_a_private_row(shipped)

    staff = view_of(dataset, Filters())
    readers = view_of(dataset, Filters(), Audience.READERS)

    assert len(staff.incidents) == len(dataset.incidents) and not staff.dataset.public_only
    assert private not in set(readers.incidents["id"]) and len(readers.incidents) == len(dataset.incidents) - 1
    assert readers.dataset.public_only and readers.dataset.withheld == {private}
    assert (readers.incidents["internal_notes"] == "").all()
    # A dataset already in its readers' form is not converted again.
    assert view_of(readers.dataset, Filters(), Audience.READERS).dataset is readers.dataset


def test_a_selection_is_narrowed_from_what_it_was_chosen_from(shipped):
    chosen = view_of(shipped, Filters(state=("CO",)), Audience.READERS)
    assert set(chosen.incidents["state"]) == {"CO"}
    assert len(chosen.pool) == len(shipped.incidents)
    assert chosen.title() == shipped.meta.title_for(("CO",), False)
    empty = view_of(shipped, Filters(state=("TX",)), Audience.READERS)
    # A map that shows nothing rests on the sources of what it was chosen from.
    assert empty.incidents.empty and empty.sources(FIRMEST_MEASURE)
