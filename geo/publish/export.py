"""Downloads of incidents for newsroom use: CSV safe to open in a spreadsheet, and GeoJSON."""

from __future__ import annotations

import csv
import json

import geopandas as gpd
import pandas as pd

from geo.reference.vocab import INCIDENT_COLUMNS, INTERNAL_COLUMNS
from geo.support.text import neutralise


def export_frame(incidents: pd.DataFrame) -> pd.DataFrame:
    """Our schema's columns (then any extra ones), without internal fields or helper columns."""
    helper = {"row", "date_start", "date_end", "date_label", "geometry"}
    schema = [c for c in INCIDENT_COLUMNS if c not in INTERNAL_COLUMNS]
    extra = [c for c in incidents.columns if c not in INCIDENT_COLUMNS and c not in helper]
    return pd.DataFrame(incidents[schema + extra]).reset_index(drop=True)


def non_public_notice(incidents: pd.DataFrame) -> str:
    """Said in a staff download's name and first line when it holds rows readers may not see."""
    hidden = int((~incidents["public"].astype(bool)).sum()) if "public" in incidents else 0
    return f"NOT FOR PUBLICATION: includes {hidden:,} non-public incident(s)" if hidden else ""


def download_name(incidents: pd.DataFrame, extension: str) -> str:
    return f"incidents-INCLUDES-NON-PUBLIC.{extension}" if non_public_notice(incidents) else f"incidents.{extension}"


def to_csv_bytes(incidents: pd.DataFrame) -> bytes:
    frame = export_frame(incidents)
    text_columns = frame.select_dtypes(exclude=["number", "bool"]).columns
    frame[text_columns] = frame[text_columns].map(neutralise)
    # A newsroom's own column names travel too: a header cell is neutralised like any other.
    frame.columns = [neutralise(str(name)) for name in frame.columns]
    notice = non_public_notice(incidents)
    first = f'"{notice}"\n' if notice else ""
    return (first + frame.to_csv(index=False, quoting=csv.QUOTE_ALL)).encode("utf-8")


def to_geojson_bytes(incidents: pd.DataFrame) -> bytes:
    frame = export_frame(incidents)
    spatial = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs=4326)
    collection = json.loads(spatial.to_json(drop_id=True))
    notice = non_public_notice(incidents)
    return json.dumps({"notice": notice, **collection} if notice else collection, ensure_ascii=False).encode("utf-8")
