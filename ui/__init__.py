"""Streamlit-side glue: the process's database, cached analytics calls, theme, sidebar."""
