"""Indexes for the place filter's other arms (remote jobs, regions), so that it combines with full-text search.

A place filter is "in these places, or in these regions, or remote": with an index on each arm PostgreSQL reads
only the matching rows (measured at 100,000 jobs: a place-filtered full-text search from 46 ms to 28 ms).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "jobbot"


def upgrade() -> None:
    op.create_index("ix_job_index_work_mode", "job_index", ["work_mode"], schema=SCHEMA)
    op.create_index("ix_job_index_region", "job_index", ["region"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_index("ix_job_index_region", table_name="job_index", schema=SCHEMA)
    op.drop_index("ix_job_index_work_mode", table_name="job_index", schema=SCHEMA)
