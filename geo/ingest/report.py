"""The row report: what happened to every input row, and the ledger validation fills in.

Rows read = rows mapped + rows rejected, always. Fixes made on the way (a date read from another
format, swapped coordinates, a geocoded city) are listed as changes with their row number; points
that look wrong but may be right are flagged; ``cleaned`` counts each kind of fix or flag.
"""

from __future__ import annotations

import csv
import heapq
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TextIO

import numpy as np
import pandas as pd

from geo.support.text import neutralise


@dataclass(frozen=True)
class RowIssue:
    row: int
    reason: str


@dataclass(frozen=True)
class LoadReport:
    """``to_dict`` is the CLI's ``--json`` shape and what a saved dataset keeps; ``from_dict`` reads it back."""

    rows: int
    mapped: int
    rejected: tuple[RowIssue, ...] = ()
    changed: tuple[RowIssue, ...] = ()
    flagged: tuple[RowIssue, ...] = ()
    warnings: tuple[str, ...] = ()
    cleaned: tuple[tuple[str, int], ...] = ()

    def to_dict(self) -> dict:
        def issues(found: tuple[RowIssue, ...]) -> list[dict]:
            return [{"row": issue.row, "reason": issue.reason} for issue in found]

        return {
            "rows": self.rows,
            "mapped": self.mapped,
            "rejected": issues(self.rejected),
            "changed": issues(self.changed),
            "flagged": issues(self.flagged),
            "cleaned": dict(self.cleaned),
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict) -> LoadReport:
        def issues(key: str) -> tuple[RowIssue, ...]:
            return tuple(RowIssue(item["row"], item["reason"]) for item in data.get(key, []))

        return cls(
            rows=data["rows"],
            mapped=data["mapped"],
            rejected=issues("rejected"),
            changed=issues("changed"),
            flagged=issues("flagged"),
            warnings=tuple(data.get("warnings", [])),
            cleaned=tuple(sorted(data.get("cleaned", {}).items())),
        )

    def row_lines(self) -> Iterator[tuple[int, str, str]]:
        """Every rejected, changed or flagged row, one line per reason, by row: the downloadable
        report, streamed (a national file can change every one of its million rows)."""
        found = (("rejected", self.rejected), ("changed", self.changed), ("flagged", self.flagged))
        lines = [[(issue.row, outcome, issue.reason) for issue in issues] for outcome, issues in sorted(found)]
        return heapq.merge(*lines, key=lambda line: (line[0], line[1]))

    def row_table(self) -> pd.DataFrame:
        return pd.DataFrame(list(self.row_lines()), columns=list(ROW_COLUMNS))

    def write_csv(self, handle: TextIO) -> None:
        """The row report as CSV. Its reasons quote the file's own values, so none may run as a
        spreadsheet formula when the report is opened."""
        writer = csv.writer(handle)
        writer.writerow(ROW_COLUMNS)
        writer.writerows((row, outcome, neutralise(reason)) for row, outcome, reason in self.row_lines())


ROW_COLUMNS = ("row", "outcome", "reason")
EMPTY_REPORT = LoadReport(rows=0, mapped=0)


@dataclass
class RowLedger:
    """Collects per-row problems, changes and flags while validation runs column by column.

    Keys are the frame's index labels; ``report`` turns them into row numbers at the end.
    """

    problems: dict[int, list[str]] = field(default_factory=dict)
    changes: dict[int, list[str]] = field(default_factory=dict)
    flags: dict[int, list[str]] = field(default_factory=dict)
    cleaned: Counter = field(default_factory=Counter)

    def reject(self, mask: pd.Series, reason: str | pd.Series) -> None:
        for index in mask[mask].index:
            text = reason if isinstance(reason, str) else reason.loc[index]
            self.problems.setdefault(index, []).append(text)

    def reject_one(self, index: int, reason: str) -> None:
        self.problems.setdefault(index, []).append(reason)

    def change(self, index: int, kind: str, note: str) -> None:
        self.changes.setdefault(index, []).append(note)
        self.cleaned[kind] += 1

    def change_many(self, notes: pd.Series, kind: str) -> None:
        """One note per row of ``notes`` (indexed by row label), counted under ``kind``."""
        if notes.empty:
            return
        for index, note in notes.items():
            self.changes.setdefault(index, []).append(note)
        self.cleaned[kind] += len(notes)

    def flag(self, index: int, kind: str, note: str) -> None:
        self.flags.setdefault(index, []).append(note)
        self.cleaned[kind] += 1

    def ok(self, index_like: pd.Index) -> np.ndarray:
        return ~pd.Index(index_like).isin(list(self.problems))

    def report(
        self,
        numbers: pd.Series,
        read_rejected: list[tuple[int, str]],
        mapped: int,
        warnings: list[str],
        kept: pd.Index | None = None,
    ) -> LoadReport:
        """``numbers`` maps index labels to 1-based row numbers; ``read_rejected`` are the reader's own
        refusals; only ``kept`` rows report their changes and flags (a rejected row's fixes are moot)."""

        def issues(found: dict[int, list[str]], extra: list[tuple[int, str]]) -> tuple[RowIssue, ...]:
            # Row numbers are looked up for the rows with something to say, not for every row.
            number = numbers.loc[list(found)].to_numpy() if found else []
            listed = [RowIssue(int(n), "; ".join(reasons)) for n, reasons in zip(number, found.values(), strict=True)]
            listed += [RowIssue(row, reason) for row, reason in extra]
            return tuple(sorted(listed, key=lambda issue: issue.row))

        def kept_only(found: dict[int, list[str]]) -> dict[int, list[str]]:
            if kept is None or not found:
                return found
            keep = kept.get_indexer(list(found)) >= 0
            return {i: r for (i, r), k in zip(found.items(), keep, strict=True) if k}

        return LoadReport(
            rows=len(numbers) + len(read_rejected),
            mapped=mapped,
            rejected=issues(self.problems, read_rejected),
            changed=issues(kept_only(self.changes), []),
            flagged=issues(kept_only(self.flags), []),
            warnings=tuple(warnings),
            cleaned=tuple(sorted(self.cleaned.items())),
        )
