"""The job index and the embedding cache.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from pgvector.sqlalchemy import Vector
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "jobbot"
DIM = 384


def upgrade() -> None:
    if op.get_bind().scalar(sa.text("SELECT to_regtype('vector')")) is None:
        raise RuntimeError(
            "The job index needs the pgvector extension, which this database does not have. "
            "Ask the database owner to run: CREATE EXTENSION vector;  then run the migration again."
        )
    op.create_table(
        "embedding_cache",
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("text_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("embedding", Vector(DIM), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("model", "text_hash", name="pk_embedding_cache"),
        schema=SCHEMA,
    )
    op.create_index("ix_embedding_cache_used_at", "embedding_cache", ["used_at"], schema=SCHEMA)
    op.create_table(
        "job_index",
        sa.Column("job_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("source_hash", sa.String(length=48), nullable=False),
        sa.Column("text_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("embedding", Vector(DIM), nullable=False),
        sa.Column("tsv", postgresql.TSVECTOR(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("firm_id", sa.BigInteger(), nullable=False),
        sa.Column("firm_name", sa.Text(), nullable=False),
        sa.Column("firm_ranking", sa.Integer(), nullable=True),
        sa.Column("places", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("work_mode", sa.String(length=10), nullable=False),
        sa.Column("salary_stated", sa.Boolean(), nullable=False),
        sa.Column("salary_min", sa.Integer(), nullable=True),
        sa.Column("salary_max", sa.Integer(), nullable=True),
        sa.Column("salary_rate_min", sa.Numeric(12, 2), nullable=True),
        sa.Column("salary_rate_max", sa.Numeric(12, 2), nullable=True),
        sa.Column("salary_currency", sa.String(length=3), nullable=True),
        sa.Column("salary_period", sa.String(length=8), nullable=True),
        sa.Column("seniority", sa.SmallInteger(), nullable=True),
        sa.Column("service", sa.String(length=32), nullable=True),
        sa.Column("employment", postgresql.ARRAY(sa.String(length=16)), nullable=False),
        sa.Column("qualifications", postgresql.ARRAY(sa.String(length=8)), nullable=False),
        sa.Column("qualified_by_experience", sa.Boolean(), nullable=False),
        sa.Column("software", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("posted_on", sa.Date(), nullable=False),
        sa.Column("indexed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("job_id", "model", name="pk_job_index"),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_job_index_embedding_hnsw",
        "job_index",
        ["embedding"],
        schema=SCHEMA,
        postgresql_using="hnsw",
        postgresql_with={"m": 16, "ef_construction": 64},
        postgresql_ops={"embedding": "vector_cosine_ops"},
    )
    op.create_index("ix_job_index_tsv", "job_index", ["tsv"], schema=SCHEMA, postgresql_using="gin")
    op.create_index(
        "ix_job_index_qualifications", "job_index", ["qualifications"], schema=SCHEMA, postgresql_using="gin"
    )
    op.create_index("ix_job_index_places", "job_index", ["places"], schema=SCHEMA, postgresql_using="gin")
    op.create_index("ix_job_index_model_posted_on", "job_index", ["model", "posted_on"], schema=SCHEMA)
    op.create_index("ix_job_index_model_seniority", "job_index", ["model", "seniority"], schema=SCHEMA)
    op.create_index("ix_job_index_model_salary_max", "job_index", ["model", "salary_max"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_table("job_index", schema=SCHEMA)
    op.drop_table("embedding_cache", schema=SCHEMA)
