"""A broadcast's sender holds a lease with heartbeats (owner, until) instead of a session advisory lock, which
was lost without a word when its connection dropped.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "jobbot"


def upgrade() -> None:
    op.add_column("broadcasts", sa.Column("lease_owner", sa.String(length=120), nullable=True), schema=SCHEMA)
    op.add_column("broadcasts", sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True), schema=SCHEMA)


def downgrade() -> None:
    op.drop_column("broadcasts", "lease_until", schema=SCHEMA)
    op.drop_column("broadcasts", "lease_owner", schema=SCHEMA)
