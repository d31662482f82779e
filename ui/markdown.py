"""Data text in Streamlit elements that render Markdown: escaped, so it is shown, never interpreted.

Every ASCII punctuation character may be backslash-escaped in Markdown; escaping them all keeps
links, images, emphasis, HTML and Streamlit's own ``:name:`` directives from data inert.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def md(text: object) -> str:
    return _PUNCTUATION.sub(r"\\\1", str(text))


def md_link(label: str, url: str) -> str:
    """A Markdown link for http(s) addresses only; anything else is the label as text."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return md(label)
    return f"[{md(label)}]({quote(url, safe=':/?&=#%~+,;@!$*')})"
