"""Strings from many hands that must stay text everywhere they are shown.

Each payload that could run sets ``window.__pwned`` or opens a dialog, so a browser test can see
that nothing ran. The cases are the ones measured against folium 0.20 in the foundation issue.
"""

import csv
from pathlib import Path

HOSTILE = [
    "</script><script>window.__pwned=1;alert(1)</script>",
    '<img src=x onerror="window.__pwned=1;alert(1)">',
    "${window.__pwned=1}${alert(1)}",
    "`;window.__pwned=1;alert(1);`",
    "\\1\\2 backslash digits \\u0041",
    '"><svg onload="window.__pwned=1;alert(1)">',
    "'); window.__pwned=1; alert(1); //",
    "{{ 7*7 }} {% raw %} jinja",
    "<!-- comment <script>",
    "line\u2028separator\u2029paragraph",
    "_a1b2c3d4e5f6 looks_like_a_folium_name",
    '=HYPERLINK("http://evil.example","click")',
]

HOSTILE_URL = "javascript:window.__pwned=1;alert(1)"


def write_hostile_incidents(path: Path) -> Path:
    """A valid incident file whose every free-text field is hostile."""
    columns = [
        "id",
        "title",
        "date",
        "date_precision",
        "city",
        "state",
        "lat",
        "lon",
        "crime_type",
        "attribution",
        "attributed_by",
        "summary",
        "source_name",
        "source_url",
    ]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for number, text in enumerate(HOSTILE):
            writer.writerow(
                [
                    f"h{number}",
                    text,
                    "2024-06-01",
                    "day",
                    text,
                    "CO",
                    f"{39.0 + number * 0.05:.2f}",
                    f"{-105.0 + number * 0.1:.2f}",
                    "theft" if number % 2 else "hostile<b>type</b>",
                    "reported",
                    text,
                    text,
                    text,
                    HOSTILE_URL if number % 2 else "https://example.org/ok",
                ]
            )
    return path


def write_hostile_counts(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["state", "measure", "value", "as_of", "source", "note"])
        for number, (state, text) in enumerate(zip(["CO", "TX", "NY", "FL"], HOSTILE, strict=False)):
            writer.writerow([state, HOSTILE[1], text, "2025-03", HOSTILE[0], HOSTILE[number]])
    return path
