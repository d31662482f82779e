"""Incident Atlas engine: loading, validation, filtering, aggregation and map building.

Importable without Streamlit; the pages in ``pages/`` only call into it.
"""

__version__ = "1.0.0"
