"""What a user keeps with us: the CV profile, preferences, saved jobs and jobs marked not interesting.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "jobbot"
USER_FK = "jobbot.users.telegram_id"


def upgrade() -> None:
    op.create_table(
        "user_profiles",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("profile", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], [USER_FK], name="fk_user_profiles_user_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name="pk_user_profiles"),
        schema=SCHEMA,
    )
    op.create_table(
        "user_preferences",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("filters", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("alert_frequency", sa.String(length=8), server_default="off", nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], [USER_FK], name="fk_user_preferences_user_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name="pk_user_preferences"),
        schema=SCHEMA,
    )
    op.create_table(
        "saved_jobs",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("job_id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("firm_name", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], [USER_FK], name="fk_saved_jobs_user_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "job_id", name="pk_saved_jobs"),
        schema=SCHEMA,
    )
    op.create_table(
        "dismissed_jobs",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("job_id", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], [USER_FK], name="fk_dismissed_jobs_user_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "job_id", name="pk_dismissed_jobs"),
        schema=SCHEMA,
    )


def downgrade() -> None:
    for table in ("dismissed_jobs", "saved_jobs", "user_preferences", "user_profiles"):
        op.drop_table(table, schema=SCHEMA)
