"""CV profiles kept beside the current one: a new CV's reading waiting for the user's word (pending), and the
profile it replaced, kept a day for undo (previous).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "jobbot"


def upgrade() -> None:
    op.create_table(
        "profile_versions",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("profile", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["jobbot.users.telegram_id"], name="fk_profile_versions_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", name="pk_profile_versions"),
        schema=SCHEMA,
    )
    op.create_index("ix_profile_versions_expires_at", "profile_versions", ["expires_at"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_index("ix_profile_versions_expires_at", table_name="profile_versions", schema=SCHEMA)
    op.drop_table("profile_versions", schema=SCHEMA)
