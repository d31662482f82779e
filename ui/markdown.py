"""Data text in Streamlit elements that render Markdown: escaped, so it is shown, never interpreted.

Every ASCII punctuation character may be backslash-escaped in Markdown; escaping them all keeps
links, images, emphasis, HTML and Streamlit's own ``:name:`` directives from data inert. Streamlit
also turns web and e-mail addresses inside plain text into links after parsing, escapes or not; an
invisible word joiner (U+2060) inside ``://``, after ``www`` and before ``@`` keeps them text.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)")
WORD_JOINER = "\u2060"


def md(text: object) -> str:
    unlinked = _AUTOLINK.sub(WORD_JOINER, str(text))
    return _PUNCTUATION.sub(r"\\\1", unlinked)


def md_link(label: str, url: str) -> str:
    """A Markdown link for http(s) addresses only; anything else is the label as text."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return md(label)
    return f"[{md(label)}]({quote(url, safe=':/?&=#%~+,;@!$*')})"
