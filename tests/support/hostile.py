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


BEACON = "evil.example"
# Markup that fires (sets window.__pwned or opens a dialog) or fetches from BEACON if it is ever
# rendered rather than shown as text: HTML, SVG, Markdown, URLs, CSS and template syntax.
PAYLOADS = [
    *HOSTILE,
    HOSTILE_URL,
    f"![beacon](https://{BEACON}/md-image.png)",
    f"[click me](https://{BEACON}/md-link)",
    "[js](javascript:window.__pwned=1)",
    f"<https://{BEACON}/autolink>",
    f"https://{BEACON}/bare-url",
    f"www.{BEACON}/bare-www",
    f"[ref][1]\n\n[1]: https://{BEACON}/reference",
    f'<a href="https://{BEACON}/html-link">html link</a>',
    f'<img src="https://{BEACON}/html-img.png">',
    f"<iframe src=https://{BEACON}/frame></iframe>",
    "<svg><script>window.__pwned=1</script></svg>",
    "<svg/onload=window.__pwned=1>",
    "<body onload=window.__pwned=1>",
    "<details open ontoggle=window.__pwned=1>",
    "<input autofocus onfocus=window.__pwned=1>",
    "<video><source onerror=window.__pwned=1></video>",
    "<audio src=x onerror=window.__pwned=1>",
    "<marquee onstart=window.__pwned=1>",
    f'<object data="https://{BEACON}/object"></object>',
    f'<embed src="https://{BEACON}/embed">',
    f'<link rel=stylesheet href="https://{BEACON}/style.css">',
    f'<style>@import "https://{BEACON}/import.css";</style>',
    f'<div style="background:url(https://{BEACON}/bg.png)">bg</div>',
    f'<meta http-equiv="refresh" content="0;url=https://{BEACON}/refresh">',
    f'<form action="https://{BEACON}/form"><button>go</button></form>',
    f'<base href="https://{BEACON}/">',
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>",
    '<noscript><p title="</noscript><img src=x onerror=window.__pwned=1>">',
    "javascript:/*--></title></style></textarea></script><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+window.__pwned=1//'>",
    "data:text/html,<script>window.__pwned=1</script>",
    f"$\\href{{https://{BEACON}/katex}}{{x}}$",
    "$$\\unicode{x41}$$ :red[colour] :material/warning:",
    "**bold** _italic_ `code` ~~strike~~ # heading",
    "<script>window.__pwned=1</script>",
    "&lt;script&gt;window.__pwned=1&lt;/script&gt;",
    "\"'><script>window.__pwned=1</script>",
    "{{constructor.constructor('window.__pwned=1')()}}",
    "<% window.__pwned=1 %> #{window.__pwned=1}",
    "\u202e<img src=x onerror=window.__pwned=1>",
    "<IMG SRC=JaVaScRiPt:window.__pwned=1>",
    "<img src=`x` onerror=window.__pwned=1>",
]
