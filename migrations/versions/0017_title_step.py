"""The job index keeps the step its title names beside the post's step (an NHS band or the pay can move that):
a typed query compares its level with the nearer of the two, without reading every candidate's title again.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "jobbot"


def upgrade() -> None:
    # Nullable, so that adding it rewrites nothing; the next refresh fills it (the parser version changed).
    op.add_column("job_index", sa.Column("title_step", sa.SmallInteger(), nullable=True), schema=SCHEMA)


def downgrade() -> None:
    op.drop_column("job_index", "title_step", schema=SCHEMA)
