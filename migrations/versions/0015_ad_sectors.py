"""The job index reads each ad for the sector experience it asks (NHS, public sector, charity, financial services,
practice, education, housing; `services.jobs.sectors`).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "jobbot"


def upgrade() -> None:
    # Nullable, so that adding it rewrites nothing; the next refresh fills it (the parser version changed).
    op.add_column("job_index", sa.Column("ad_sectors", postgresql.ARRAY(sa.String(length=24)), nullable=True),
                  schema=SCHEMA)  # fmt: skip


def downgrade() -> None:
    op.drop_column("job_index", "ad_sectors", schema=SCHEMA)
