"""The job index learns each job's role: its family, its step on the career ladder and its title's words; and
how many jobs' titles hold each word (for weighting the words of a query).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "jobbot"


def upgrade() -> None:
    # Nullable, so that adding them rewrites nothing; the next refresh fills them (the parser version changed).
    op.add_column("job_index", sa.Column("family", sa.String(length=32), nullable=True), schema=SCHEMA)
    op.add_column("job_index", sa.Column("step", sa.SmallInteger(), nullable=True), schema=SCHEMA)
    op.add_column("job_index", sa.Column("title_words", postgresql.ARRAY(sa.Text()), nullable=True), schema=SCHEMA)
    op.create_table(
        "title_terms",
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("jobs", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("model", "term", name="pk_title_terms"),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("title_terms", schema=SCHEMA)
    op.drop_column("job_index", "title_words", schema=SCHEMA)
    op.drop_column("job_index", "step", schema=SCHEMA)
    op.drop_column("job_index", "family", schema=SCHEMA)
