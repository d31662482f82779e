"""Command line: ``python -m geo check FILE ...``, ``snapshot --out DIR ...``, ``import``, ``list``,
``versions``, ``rollback``, ``audit``, ``export``, ``restore``, ``delete`` and ``migrate``: each on
whichever store this setup uses. Every change says who made it (``--by``) and why (``--reason``)."""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path

from geo.dataset.archive import export_dataset, restore_dataset
from geo.dataset.backend import Store
from geo.dataset.dataset import Dataset, DatasetMeta
from geo.dataset.history import load_history
from geo.dataset.publications import last_publication, publication
from geo.dataset.store import DATABASE_SETTING, SHIPPED, database_url, import_file, load_path, load_saved, open_store
from geo.dataset.versions import command_line_author, rollback
from geo.ingest.count_rules import validate_counts
from geo.ingest.mapping import load_mapping
from geo.ingest.pipeline import MAX_CLI_ROWS, prepare_file
from geo.ingest.raw import LoadError
from geo.ingest.read import read_table
from geo.ingest.report import LoadReport
from geo.support.logs import USER, configure_command_line
from geo.support.paths import SHIPPED_COUNTS, SHIPPED_INCIDENTS
from geo.support.settle import settle
from geo.view.codec import add_options, from_options, to_manifest

EXIT_UNREADABLE = 2
MAX_ROWS_OPTION = {
    "type": int,
    "default": MAX_CLI_ROWS,
    "help": f"refuse a file of more records than this, before reading it (default {MAX_CLI_ROWS:,})",
}
log = logging.getLogger("incident_atlas")


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
    mapping = load_mapping(args.columns) if args.columns else None
    prepared = prepare_file(args.file, mapping, max_rows=args.max_rows)
    report = prepared.report
    counts_report = validate_counts(read_table(args.counts))[1] if args.counts else None
    history_report = load_history(args.history, prepared.incidents)[1] if args.history else None
    if args.json:
        result = report.to_dict()
        if counts_report is not None:
            result["counts"] = counts_report.to_dict()
        if history_report is not None:
            result["history"] = history_report.to_dict()
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        _print_report(args.file, report)
        if counts_report is not None:
            _print_report(args.counts, counts_report)
        if history_report is not None:
            _print_report(args.history, history_report)
    return 0


def _snapshot_source(args: argparse.Namespace) -> Dataset:
    """The dataset to publish, from the store (``--dataset``) or from files."""
    if args.dataset:
        dataset = load_saved(args.dataset)
    else:
        incidents = Path(args.incidents) if args.incidents else SHIPPED_INCIDENTS
        counts = Path(args.counts) if args.counts else (SHIPPED_COUNTS if not args.incidents else None)
        dataset = load_path(incidents, counts)
    if args.history:
        steps, report = load_history(args.history, dataset.incidents)
        digest = hashlib.sha256(Path(args.history).read_bytes()).hexdigest()
        inputs = dataset.inputs | {"history": {"file": Path(args.history).name, "sha256": digest}}
        dataset = replace(dataset, history=steps, history_report=report, inputs=inputs)
    return dataset


def snapshot(args: argparse.Namespace) -> int:
    # The publishing stack (matplotlib) takes seconds to import: only this command needs it.
    from geo.publish.snapshot import SnapshotOptions, build_snapshot, snapshot_problems
    from geo.publish.snapshot_files import write_snapshot

    if args.dataset and (args.incidents or args.counts):
        raise LoadError("give --dataset or --incidents/--counts, not both")
    dataset = _snapshot_source(args)
    settle()
    # Every publication is logged in the store, whatever it was made from.
    store = open_store()
    published = args.dataset or (Path(args.incidents).name if args.incidents else SHIPPED)
    filters, settings = from_options(args, dataset.measures()[0])
    problems = snapshot_problems(dataset, filters, settings)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_UNREADABLE
    options = SnapshotOptions(
        filters=filters,
        settings=settings,
        title=args.title or "",
        subtitle=args.subtitle or "",
        as_of=args.as_of.isoformat() if args.as_of else "",
        self_contained=not args.cdn,
        base_url=args.base_url or "",
        previous=_previous(args, store, published, to_manifest(filters, settings)),
    )
    result = build_snapshot(dataset, options)
    for warning in result.warnings:
        print(f"warning: {warning} (name one with --source at import, or 'source' in the metadata)", file=sys.stderr)
    for path in write_snapshot(result, args.out):
        print(path)
    store.log(publication(result.files, published, dataset.version, args.by or command_line_author(), str(args.out)))
    print(f"{result.shown} incidents shown. Alt text: {result.alt}")
    return 0


def _previous(args: argparse.Namespace, store: Store, published: str, filters: dict[str, object]) -> dict | None:
    """The snapshot to list changes against: the one named; else the one the output folder holds
    (what readers saw at that address); else the last publication of this selection in the log."""
    from geo.publish.snapshot_files import read_previous

    if args.previous:
        return read_previous(args.previous)
    last = last_publication(store.audit(published), published, filters)
    return read_previous(args.out) or (last.after["manifest"] if last else None)


def import_(args: argparse.Namespace) -> int:
    mapping = load_mapping(args.columns) if args.columns else None
    meta = DatasetMeta(
        title=args.title or "",
        subtitle=args.subtitle or "",
        subject=args.subject or "",
        source=args.source or "",
        as_of=args.as_of.isoformat() if args.as_of else "",
    )
    counts = Path(args.counts) if args.counts else None
    history = Path(args.history) if args.history else None
    store = open_store()
    report = import_file(
        Path(args.file),
        args.name,
        mapping,
        meta,
        counts,
        store,
        args.replace,
        max_rows=args.max_rows,
        history=history,
        by=args.by,
        reason=args.reason,
    )
    _print_report(args.file, report, limit=10)
    if history is not None:
        _print_report(args.history, load_saved(args.name, store).history_report, limit=10)
    print(f"saved dataset '{args.name}' in {store.where}")
    return 0


def export(args: argparse.Namespace) -> int:
    print(export_dataset(args.name, Path(args.out)))
    return 0


def restore(args: argparse.Namespace) -> int:
    store = open_store()
    name = restore_dataset(Path(args.file), args.name, store, args.replace, args.by, args.reason)
    print(f"restored dataset '{name}' in {store.where}")
    return 0


LISTED = ("name", "title", "incidents", "versions", "updated")


def list_(args: argparse.Namespace) -> int:
    entries = open_store().listing()
    if args.json:
        print(json.dumps([{key: getattr(entry, key) for key in LISTED} for entry in entries], indent=1))
        return 0
    print(f"{open_store().where}: {len(entries)} saved {'dataset' if len(entries) == 1 else 'datasets'}")
    for entry in entries:
        saved = f"saved {entry.versions} {'time' if entry.versions == 1 else 'times'}, last {entry.updated}"
        print(f"  {entry.name}  {entry.title!r}  {entry.incidents:,} incidents  {saved}")
    return 0


def delete(args: argparse.Namespace) -> int:
    store = open_store()
    store.delete(args.name, args.by or command_line_author(), args.reason)
    print(f"deleted dataset '{args.name}' from {store.where}")
    return 0


VERSION_KEYS = ("version", "at", "by", "reason", "added", "changed", "removed")


def versions(args: argparse.Namespace) -> int:
    kept = open_store().versions(args.name)
    if args.json:
        print(json.dumps([{key: getattr(line, key) for key in VERSION_KEYS} for line in kept], indent=1))
        return 0
    print(f"'{args.name}': {len(kept)} {'version' if len(kept) == 1 else 'versions'}")
    for line in kept:
        counts = f"+{line.added:,} ~{line.changed:,} -{line.removed:,}"
        print(f"  {line.version}  {line.at}  {line.action} by {line.by or 'unknown'}  {counts}  {line.reason}")
    return 0


def rollback_(args: argparse.Namespace) -> int:
    number = rollback(open_store(), args.name, args.version, args.by or command_line_author(), args.reason)
    print(f"'{args.name}' version {number} has the records of version {args.version}")
    return 0


def audit(args: argparse.Namespace) -> int:
    entries = [entry for entry in open_store().audit(args.dataset) if not args.record or args.record in entry.records]
    print(json.dumps([asdict(entry) for entry in entries], indent=1, ensure_ascii=False))
    return 0


def migrate_(args: argparse.Namespace) -> int:
    from geo.dataset.migrate import migrate
    from geo.dataset.postgis_store import describe

    url = database_url()
    if not url:
        raise LoadError(f"no database to migrate: set {DATABASE_SETTING} to the owner's postgresql:// URL")
    print(f"{describe(url)}: schema at revision {migrate(url)}")
    return 0


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def main(argv: list[str] | None = None, prog: str = "python -m geo", epilog: str | None = None) -> int:
    """Every failure is one line on stderr and exit code 2; ``--debug`` adds the traceback."""
    args = _parser(prog, epilog).parse_args(argv)
    configure_command_line(logging.DEBUG if args.debug else logging.WARNING)
    # For this command only: run in-process (by a test, or a tool of the newsroom's), it must not
    # name this account on the caller's later lines.
    user = USER.set(getattr(args, "by", None) or command_line_author())
    # The connection pool warns at each failed attempt; the one error line below says it once.
    logging.getLogger("psycopg.pool").setLevel(logging.DEBUG if args.debug else logging.CRITICAL)
    try:
        return args.run(args)
    except LoadError as error:
        log.debug("traceback", exc_info=True)
        print(f"error: {error}", file=sys.stderr)
    except OSError as error:
        log.debug("traceback", exc_info=True)
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {where}{error.strerror or error}", file=sys.stderr)
    except Exception as error:  # the promise is no traceback, whatever went wrong
        log.debug("traceback", exc_info=True)
        first_line = (str(error).strip().splitlines() or [""])[0]
        print(
            f"error: unexpected failure ({type(error).__name__}: {first_line}); run with --debug for details",
            file=sys.stderr,
        )
    finally:
        USER.reset(user)
    return EXIT_UNREADABLE


def command(argv: list[str] | None = None) -> int:
    """The ``incident-atlas`` command a package install gives: ``serve`` starts the app (Streamlit's
    options after it); every other command is one of these tools."""
    given = sys.argv[1:] if argv is None else argv
    if given[:1] == ["serve"]:
        from ui.serve import main as serve  # Streamlit's server loads only for this command

        serve(given[1:])
        return 0
    return main(given, prog="incident-atlas", epilog="serve [streamlit options]: start the app (--server.port 8502…)")


def _author_options(parser: argparse.ArgumentParser, why: str, required: bool = False) -> None:
    parser.add_argument("--by", help="who makes the change: an address (default: the account running this)")
    parser.add_argument("--reason", required=required, default="", help=why)


def _parser(prog: str, epilog: str | None) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="log the traceback of a failure to stderr")
    parser = argparse.ArgumentParser(prog=prog, description="Incident Atlas data tools", epilog=epilog)
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", parents=[common], help="validate a file and account for every row")
    check_parser.add_argument("file", help="incidents: CSV, GeoJSON, GeoPackage or GeoParquet")
    check_parser.add_argument("--counts", help="state counts file (CSV) to check as well")
    check_parser.add_argument("--columns", help="TOML mapping of the file's columns to ours (else guessed)")
    check_parser.add_argument("--json", action="store_true", help="machine-readable report")
    check_parser.add_argument("--max-rows", **MAX_ROWS_OPTION)
    check_parser.add_argument("--history", help="attribution history file (CSV) to check against the incidents")
    check_parser.set_defaults(run=check)

    imp = commands.add_parser(
        "import", parents=[common], help="validate a file and save it as a named dataset the app can show"
    )
    imp.add_argument("file", help="CSV, Excel, GeoJSON, GeoPackage or GeoParquet")
    imp.add_argument("--name", required=True, help="dataset name: lower-case letters, digits, hyphens")
    imp.add_argument("--columns", help="TOML mapping of the file's columns to ours (else guessed)")
    imp.add_argument("--title", help="title for the app and published maps (else asked for at publishing)")
    imp.add_argument("--subtitle")
    imp.add_argument("--subject", help="the group incidents are linked to, named in legends and alt text")
    imp.add_argument("--source", help="source credited where rows do not name one")
    imp.add_argument("--as-of", type=_iso_date, help="data-as-of date (YYYY-MM-DD)")
    imp.add_argument("--counts", help="state counts file to keep with the dataset")
    imp.add_argument("--replace", action="store_true", help="replace a dataset of the same name")
    imp.add_argument("--max-rows", **MAX_ROWS_OPTION)
    imp.add_argument("--history", help="attribution history file (CSV) to keep with the dataset")
    _author_options(imp, "why it is replaced (required with --replace)")
    imp.set_defaults(run=import_)

    snap = commands.add_parser("snapshot", parents=[common], help="publish a filtered view as files for an article")
    snap.add_argument("--out", required=True, help="folder to write index.html, images, embed.html, manifest.json")
    snap.add_argument("--dataset", help="a saved dataset by name, as the app's sidebar lists them")
    snap.add_argument("--incidents", help="incident file, any format 'check' reads (default: the shipped data)")
    snap.add_argument("--counts", help="state counts file (default: the shipped one with the shipped incidents)")
    snap.add_argument("--history", help="attribution history file (default: attribution_history.csv beside)")
    add_options(snap)
    snap.add_argument("--title", help="default: the dataset's title (required where it has none)")
    snap.add_argument("--subtitle")
    snap.add_argument("--as-of", type=_iso_date, help="the data-as-of date printed on the map (YYYY-MM-DD)")
    snap.add_argument(
        "--cdn", action="store_true", help="load Leaflet from its CDN instead of shipping it in the folder"
    )
    snap.add_argument("--base-url", help="where the folder will be hosted, for the embed code and social cards")
    snap.add_argument(
        "--previous",
        help="an earlier snapshot (manifest.json, folder or zip) to list changes against; default: the one in "
        "--out, else the last publication of the same selection",
    )
    snap.add_argument("--by", help="who publishes it, for the log of publications (default: the account running this)")
    snap.set_defaults(run=snapshot)

    out = commands.add_parser("export", parents=[common], help="write a saved dataset as one zip (a backup)")
    out.add_argument("name", help="the dataset's name, as the app's sidebar lists it")
    out.add_argument("--out", required=True, help="the zip to write")
    out.set_defaults(run=export)

    back = commands.add_parser("restore", parents=[common], help="save the dataset in an exported zip, checked whole")
    back.add_argument("file", help="a zip written by 'export'")
    back.add_argument("--name", help="save it under this name (default: its own)")
    back.add_argument("--replace", action="store_true", help="replace a dataset of the same name")
    _author_options(back, "why (default: restored from the zip)")
    back.set_defaults(run=restore)

    listed = commands.add_parser("list", parents=[common], help="the saved datasets in this setup's store")
    listed.add_argument("--json", action="store_true", help=f"a list of objects with keys {', '.join(LISTED)}")
    listed.set_defaults(run=list_)

    gone = commands.add_parser("delete", parents=[common], help="delete a saved dataset from the store")
    gone.add_argument("name", help="the dataset's name, as 'list' shows it")
    _author_options(gone, "why it is deleted", required=True)
    gone.set_defaults(run=delete)

    kept = commands.add_parser("versions", parents=[common], help="every saved version of a dataset, oldest first")
    kept.add_argument("name", help="the dataset's name, as 'list' shows it")
    kept.add_argument("--json", action="store_true", help=f"a list of objects with keys {', '.join(VERSION_KEYS)}")
    kept.set_defaults(run=versions)

    back_to = commands.add_parser(
        "rollback", parents=[common], help="save a new version with the records of an earlier one (nothing is deleted)"
    )
    back_to.add_argument("name", help="the dataset's name, as 'list' shows it")
    back_to.add_argument("version", type=int, help="the version whose records come back, as 'versions' lists it")
    _author_options(back_to, "why", required=True)
    back_to.set_defaults(run=rollback_)

    trail = commands.add_parser("audit", parents=[common], help="who changed or published what, when and why (JSON)")
    trail.add_argument("--dataset", help="only this dataset's entries")
    trail.add_argument("--record", help="only entries that touched this incident id")
    trail.set_defaults(run=audit)

    schema = commands.add_parser(
        "migrate", parents=[common], help=f"bring the database at {DATABASE_SETTING} to this version's schema"
    )
    schema.set_defaults(run=migrate_)
    return parser


if __name__ == "__main__":
    sys.exit(main())
