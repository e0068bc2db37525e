"""The seed documents: real speeches and a city government work report, used as demo data."""

from pathlib import Path

SEEDS = Path(__file__).resolve().parent
