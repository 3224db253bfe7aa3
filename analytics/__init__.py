"""Continuum analytics: everything that is not UI. Never imports Streamlit."""
