"""The search and matching evaluation on readers' judgments (`../shared/judgments/`): `make eval`.

See `tests/eval/__main__.py` for what it prints and docs/search.md for the figures.
"""
