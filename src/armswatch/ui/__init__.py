"""The Streamlit layer: the only part of Arms Watch that imports streamlit."""
