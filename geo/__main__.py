"""Command line: ``python -m geo check FILE [--counts FILE] [--json]``."""

from __future__ import annotations

import argparse
import json
import sys

from geo.load import LoadError, read_table
from geo.validate import LoadReport, validate_counts, validate_incidents

EXIT_UNREADABLE = 2


def _print_report(label: str, report: LoadReport) -> None:
    print(f"{label}: {report.rows} rows read, {report.mapped} mapped, {len(report.rejected)} rejected")
    for issue in report.rejected:
        print(f"  rejected row {issue.row}: {issue.reason}")
    for issue in report.changed:
        print(f"  changed row {issue.row}: {issue.reason}")
    for warning in report.warnings:
        print(f"  warning: {warning}")


def check(args: argparse.Namespace) -> int:
    try:
        _, report = validate_incidents(read_table(args.file))
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Incident Atlas data tools")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate a file and account for every row")
    check_parser.add_argument("file", help="incidents: CSV, GeoJSON, GeoPackage or GeoParquet")
    check_parser.add_argument("--counts", help="state counts file (CSV) to check as well")
    check_parser.add_argument("--json", action="store_true", help="machine-readable report")
    check_parser.set_defaults(run=check)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
