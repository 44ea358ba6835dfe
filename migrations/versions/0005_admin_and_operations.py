"""Admin and operations: broadcasts with one delivery row per user, hourly usage counts, scheduled task runs.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "jobbot"
NOW = sa.text("now()")


def upgrade() -> None:
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("admin_id", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("photo_file_id", sa.Text(), nullable=True),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("status", sa.String(length=12), server_default="sending", nullable=False),
        sa.Column("total", sa.Integer(), server_default="0", nullable=False),
        sa.Column("progress_message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_broadcasts"),
        schema=SCHEMA,
    )
    op.create_index("ix_broadcasts_status", "broadcasts", ["status"], schema=SCHEMA)
    op.create_table(
        "broadcast_deliveries",
        sa.Column("broadcast_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=8), server_default="pending", nullable=False),
        sa.Column("error", sa.String(length=120), nullable=True),
        sa.Column("attempts", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["broadcast_id"],
            [f"{SCHEMA}.broadcasts.id"],
            name="fk_broadcast_deliveries_broadcast_id_broadcasts",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            [f"{SCHEMA}.users.telegram_id"],
            name="fk_broadcast_deliveries_user_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("broadcast_id", "user_id", name="pk_broadcast_deliveries"),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_broadcast_deliveries_broadcast_id_status", "broadcast_deliveries", ["broadcast_id", "status"], schema=SCHEMA
    )
    op.create_table(
        "usage_counts",
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("count", sa.BigInteger(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("hour", "name", name="pk_usage_counts"),
        schema=SCHEMA,
    )
    op.create_table(
        "task_runs",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("task", sa.String(length=64), nullable=False),
        sa.Column("instance", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=8), server_default="running", nullable=False),
        sa.Column("items", sa.Integer(), server_default="0", nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_task_runs"),
        schema=SCHEMA,
    )
    op.create_index("ix_task_runs_task_started_at", "task_runs", ["task", "started_at"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_index("ix_task_runs_task_started_at", table_name="task_runs", schema=SCHEMA)
    op.drop_table("task_runs", schema=SCHEMA)
    op.drop_table("usage_counts", schema=SCHEMA)
    op.drop_index("ix_broadcast_deliveries_broadcast_id_status", table_name="broadcast_deliveries", schema=SCHEMA)
    op.drop_table("broadcast_deliveries", schema=SCHEMA)
    op.drop_index("ix_broadcasts_status", table_name="broadcasts", schema=SCHEMA)
    op.drop_table("broadcasts", schema=SCHEMA)
