"""Helpers with no knowledge of incidents: files, caches, text and JSON for pages."""
