"""A favourite firm's own alert: its new jobs reach the user at once, whatever their alert frequency.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "jobbot"


def upgrade() -> None:
    op.create_table(
        "firm_alerts",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("firm_name", sa.Text(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], [f"{SCHEMA}.users.telegram_id"], name="fk_firm_alerts_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "firm_name", name="pk_firm_alerts"),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("firm_alerts", schema=SCHEMA)
