"""Job alerts: a time zone and alert watermarks in the preferences, one delivery row per (user, job) alerted.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "jobbot"


def upgrade() -> None:
    op.add_column("user_preferences", sa.Column("timezone", sa.String(length=64), nullable=True), schema=SCHEMA)
    op.add_column(
        "user_preferences", sa.Column("alerts_since", sa.DateTime(timezone=True), nullable=True), schema=SCHEMA
    )
    op.add_column(
        "user_preferences", sa.Column("last_digest_at", sa.DateTime(timezone=True), nullable=True), schema=SCHEMA
    )
    op.create_table(
        "alert_deliveries",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("job_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], [f"{SCHEMA}.users.telegram_id"], name="fk_alert_deliveries_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "job_id", name="pk_alert_deliveries"),
        schema=SCHEMA,
    )
    op.create_index("ix_alert_deliveries_user_id_sent_at", "alert_deliveries", ["user_id", "sent_at"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_index("ix_alert_deliveries_user_id_sent_at", table_name="alert_deliveries", schema=SCHEMA)
    op.drop_table("alert_deliveries", schema=SCHEMA)
    for column in ("last_digest_at", "alerts_since", "timezone"):
        op.drop_column("user_preferences", column, schema=SCHEMA)
