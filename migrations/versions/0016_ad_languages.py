"""The job index reads each ad for the languages it asks its candidate to speak ("Fluency in Armenian and
Russian"; `services.jobs.languages`).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "jobbot"


def upgrade() -> None:
    # Nullable, so that adding it rewrites nothing; the next refresh fills it (the parser version changed).
    op.add_column("job_index", sa.Column("ad_languages", postgresql.ARRAY(sa.String(length=24)), nullable=True),
                  schema=SCHEMA)  # fmt: skip


def downgrade() -> None:
    op.drop_column("job_index", "ad_languages", schema=SCHEMA)
