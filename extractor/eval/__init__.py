"""Evaluation tools for the extraction engine: gold corpora and scorers (no Django)."""
