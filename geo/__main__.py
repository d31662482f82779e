"""Command line: ``python -m geo check FILE ...`` and ``python -m geo snapshot --out DIR ...``."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from geo.datasets import DatasetMeta, import_file, load_dataset
from geo.filters import BASEMAPS, Filters
from geo.ingest.mapping import load_mapping
from geo.ingest.pipeline import prepare_file
from geo.ingest.read import LoadError, read_table
from geo.ingest.report import LoadReport
from geo.ingest.rules import validate_counts
from geo.paths import SHIPPED_COUNTS, SHIPPED_INCIDENTS
from geo.publish.snapshot import SnapshotOptions, build_snapshot, snapshot_problems, write_snapshot
from geo.states import normalize_state
from geo.vocab import ATTRIBUTION_ORDER, INCIDENT_MEASURE

EXIT_UNREADABLE = 2


def _print_report(label: str, report: LoadReport, limit: int = 50) -> None:
    """Rejected rows in full; changes and flags up to ``limit`` each (``--json`` has them all)."""
    print(f"{label}: {report.rows} rows read, {report.mapped} mapped, {len(report.rejected)} rejected")
    for issue in report.rejected:
        print(f"  rejected row {issue.row}: {issue.reason}")
    for outcome, found in (("changed", report.changed), ("flagged", report.flagged)):
        for issue in found[:limit]:
            print(f"  {outcome} row {issue.row}: {issue.reason}")
        if len(found) > limit:
            print(f"  ... and {len(found) - limit} more {outcome} rows (see --json)")
    for kind, count in report.cleaned:
        print(f"  cleaned: {kind}: {count}")
    for warning in report.warnings:
        print(f"  warning: {warning}")


def check(args: argparse.Namespace) -> int:
    try:
        mapping = load_mapping(args.columns) if args.columns else None
        report = prepare_file(args.file, mapping).report
        counts_report = validate_counts(read_table(args.counts))[1] if args.counts else None
    except LoadError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.json:
        result = report.to_dict()
        if counts_report is not None:
            result["counts"] = counts_report.to_dict()
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        _print_report(args.file, report)
        if counts_report is not None:
            _print_report(args.counts, counts_report)
    return 0


def snapshot(args: argparse.Namespace) -> int:
    incidents = Path(args.incidents) if args.incidents else SHIPPED_INCIDENTS
    counts = Path(args.counts) if args.counts else (SHIPPED_COUNTS if not args.incidents else None)
    try:
        dataset = load_dataset(incidents, counts)
    except LoadError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    filters = Filters(
        crime=tuple(args.crime_type or ()),
        attribution=tuple(args.attribution or ()),
        state=tuple(normalize_state(s) or s.upper() for s in args.state or ()),
        since=args.since,
        until=args.until,
        measure=args.measure or INCIDENT_MEASURE,
        basemap=args.basemap,
    )
    problems = snapshot_problems(dataset, filters)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_UNREADABLE
    options = SnapshotOptions(
        filters=filters,
        title=args.title or "",
        subtitle=args.subtitle or "",
        as_of=args.as_of.isoformat() if args.as_of else "",
        self_contained=args.self_contained,
    )
    inputs = {"incidents": incidents, **({"counts": counts} if counts else {})}
    result = build_snapshot(dataset, options, inputs)
    for path in write_snapshot(result, args.out):
        print(path)
    print(f"{result.shown} incidents shown. Alt text: {result.alt}")
    return 0


def import_(args: argparse.Namespace) -> int:
    try:
        mapping = load_mapping(args.columns) if args.columns else None
        meta = DatasetMeta(
            title=args.title or args.name,
            subtitle=args.subtitle or "",
            subject=args.subject or DatasetMeta.subject,
            source=args.source or "",
            as_of=args.as_of.isoformat() if args.as_of else "",
        )
        counts = Path(args.counts) if args.counts else None
        folder, report = import_file(Path(args.file), args.name, mapping, meta, counts, replace=args.replace)
    except LoadError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    _print_report(args.file, report, limit=10)
    print(f"saved dataset '{args.name}' in {folder}")
    return 0


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Incident Atlas data tools")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate a file and account for every row")
    check_parser.add_argument("file", help="incidents: CSV, GeoJSON, GeoPackage or GeoParquet")
    check_parser.add_argument("--counts", help="state counts file (CSV) to check as well")
    check_parser.add_argument("--columns", help="TOML mapping of the file's columns to ours (else guessed)")
    check_parser.add_argument("--json", action="store_true", help="machine-readable report")
    check_parser.set_defaults(run=check)

    imp = commands.add_parser("import", help="validate a file and save it as a named dataset the app can show")
    imp.add_argument("file", help="CSV, Excel, GeoJSON, GeoPackage or GeoParquet")
    imp.add_argument("--name", required=True, help="dataset name: lower-case letters, digits, hyphens")
    imp.add_argument("--columns", help="TOML mapping of the file's columns to ours (else guessed)")
    imp.add_argument("--title", help="title for the app and published maps")
    imp.add_argument("--subtitle")
    imp.add_argument("--subject", help="what incidents are attributed to, for alt text")
    imp.add_argument("--source", help="source credited where rows do not name one")
    imp.add_argument("--as-of", type=_iso_date, help="data-as-of date (YYYY-MM-DD)")
    imp.add_argument("--counts", help="state counts file to keep with the dataset")
    imp.add_argument("--replace", action="store_true", help="replace a dataset of the same name")
    imp.set_defaults(run=import_)

    snap = commands.add_parser("snapshot", help="publish a filtered view as files for an article")
    snap.add_argument("--out", required=True, help="folder to write index.html, images, embed.html, manifest.json")
    snap.add_argument("--incidents", help="incident file (default: the shipped data)")
    snap.add_argument("--counts", help="state counts file (default: the shipped one with the shipped incidents)")
    snap.add_argument("--state", action="append", help="USPS code or name; repeat for several")
    snap.add_argument("--crime-type", action="append", help="crime type key; repeat for several")
    snap.add_argument("--attribution", action="append", choices=ATTRIBUTION_ORDER, help="level; repeat for several")
    snap.add_argument("--since", type=_iso_date, help="first day (YYYY-MM-DD)")
    snap.add_argument("--until", type=_iso_date, help="last day (YYYY-MM-DD)")
    snap.add_argument("--measure", help="state measure to shade (default: incident counts)")
    snap.add_argument("--basemap", choices=BASEMAPS, default="light")
    snap.add_argument("--title")
    snap.add_argument("--subtitle")
    snap.add_argument("--as-of", type=_iso_date, help="the data-as-of date printed on the map (YYYY-MM-DD)")
    snap.add_argument("--self-contained", action="store_true", help="also write Leaflet into the folder")
    snap.set_defaults(run=snapshot)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
