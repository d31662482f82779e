"""Text colours that meet WCAG AA (4.5:1 on white) where Streamlit's defaults fall short: its captions
and help text are drawn at 60% opacity (about 3.8:1); keyboard focus is always visible; the page
starts near the top of the window, and on a phone its title is short enough to leave room for the map."""

from __future__ import annotations

import streamlit as st

from geo.style.inks import FOCUS, WIDGET_HINT, WIDGET_TEXT

CSS = f"""<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * {{
  color: {WIDGET_HINT} !important; opacity: 1 !important;
}}
[data-testid="stWidgetLabel"] p {{ color: {WIDGET_TEXT}; }}
:focus-visible {{ outline: 2px solid {FOCUS} !important; outline-offset: 2px; }}
/* The page starts near the top and uses the window's width: the map is the page. */
[data-testid="stMainBlockContainer"] {{ padding-top: 2.5rem; padding-left: 2rem; padding-right: 2rem; }}
/* On a phone the title takes two lines, not four, and the map the screen's width. */
@media (max-width: 640px) {{
  [data-testid="stMainBlockContainer"] {{ padding-top: 3.75rem; padding-left: 0.75rem; padding-right: 0.75rem; }}
  [data-testid="stMainBlockContainer"] h1, [data-testid="stMainBlockContainer"] h2 {{
    font-size: 1.35rem; line-height: 1.25; padding-bottom: 0.25rem;
  }}
}}
</style>"""


def readable_text() -> None:
    st.html(CSS)
