"""Incident Atlas engine, importable without Streamlit: ``ingest/`` reads and validates what comes in,
``map/`` builds the interactive map, ``publish/`` makes what goes out; the modules here are shared.
"""

__version__ = "1.0.0"
