"""The job index reads each ad for qualification status: qualified, part-qualified, QBE, study support, training
contract (`services.jobs.qualification_status`).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "jobbot"


def upgrade() -> None:
    # Nullable, so that adding it rewrites nothing; the next refresh fills it (the parser version changed).
    op.add_column("job_index", sa.Column("ad_status", postgresql.ARRAY(sa.String(length=20)), nullable=True),
                  schema=SCHEMA)  # fmt: skip


def downgrade() -> None:
    op.drop_column("job_index", "ad_status", schema=SCHEMA)
