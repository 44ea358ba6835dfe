from __future__ import annotations

import os
from pathlib import Path

import pytest

from db.embedded import FALLBACK_ROOT, pg_data_dir


def test_data_outside_home_stays_where_asked(tmp_path: Path) -> None:
    assert pg_data_dir(tmp_path / "data") == (tmp_path / "data" / "pg").resolve()


@pytest.mark.skipif(os.geteuid() != 0, reason="the relocation applies to root only; this machine runs as root")
def test_as_root_a_data_dir_under_home_moves_out(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    inside = tmp_path / "checkout" / ".data"
    moved = pg_data_dir(inside)
    assert moved.is_relative_to(FALLBACK_ROOT)
    assert not moved.is_relative_to(tmp_path)
    assert moved == pg_data_dir(inside)  # stable, so data survives restarts
    assert moved != pg_data_dir(tmp_path / "other" / ".data")
