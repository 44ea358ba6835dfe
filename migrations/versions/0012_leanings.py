"""What a user taught the ranking: lessons from their "not interested" reasons, and their favourite firms.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "jobbot"


def upgrade() -> None:
    op.add_column(
        "user_preferences",
        sa.Column("leanings", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_column("user_preferences", "leanings", schema=SCHEMA)
