"""Queries the dashboard runs against a store snapshot, one module per view; all return DataFrames.

Every query takes a DuckDB connection from ``Snapshot.connect()`` and a ``Filters``; nothing here
imports streamlit or loads a spaCy model.
"""
