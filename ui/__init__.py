"""Streamlit glue shared by the pages: cached data, the sidebar filters and the map widget."""
