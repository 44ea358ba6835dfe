"""The application tracker: one row per (user, job) the user applied for, its stage and a follow-up reminder.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "jobbot"


def upgrade() -> None:
    op.create_table(
        "applications",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("job_id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("firm_name", sa.Text(), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("stage", sa.String(length=12), server_default="applied", nullable=False),
        sa.Column("stage_changed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("remind_on", sa.Date(), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], [f"{SCHEMA}.users.telegram_id"], name="fk_applications_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "job_id", name="pk_applications"),
        schema=SCHEMA,
    )
    # The reminders still to go: what the reminder job looks up every few minutes.
    op.create_index(
        "ix_applications_remind_on",
        "applications",
        ["remind_on"],
        schema=SCHEMA,
        postgresql_where=sa.text("reminded_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_applications_remind_on", table_name="applications", schema=SCHEMA)
    op.drop_table("applications", schema=SCHEMA)
