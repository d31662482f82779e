"""The frame every sample is drawn in."""

from __future__ import annotations


def svg(parts: list[str], size: int) -> str:
    """A 20-unit picture; the namespace lets it stand alone as an image too."""
    attributes = f'width="{size}" height="{size}" viewBox="0 0 20 20" aria-hidden="true"'
    return f'<svg xmlns="http://www.w3.org/2000/svg" {attributes}>' + "".join(parts) + "</svg>"
