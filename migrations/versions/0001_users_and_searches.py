"""Our schema's first tables: users and user_searches; the pgvector extension.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from loguru import logger
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "jobbot"


def _ensure_vector() -> None:
    """Install pgvector into our schema, or say clearly why we did not.

    In production a database owner may have installed it already (anywhere on the search path),
    and the bot's role may not be allowed to create extensions; neither stops the migration.
    """
    bind = op.get_bind()
    where = bind.scalar(
        sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'vector'"
        )
    )
    if where is not None:
        logger.info("pgvector is already installed (schema {}); not creating it", where)
        return
    available = bind.scalar(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'"))
    if not available:
        logger.warning("pgvector is not available on this server; vector search needs it (see README)")
        return
    savepoint = bind.begin_nested()
    try:
        bind.execute(sa.text(f'CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA "{SCHEMA}"'))
        savepoint.commit()
        logger.info("created the pgvector extension in schema {}", SCHEMA)
    except sa.exc.DBAPIError as exc:
        savepoint.rollback()
        logger.warning(
            "could not create the pgvector extension ({}); ask the database owner to run "
            "'CREATE EXTENSION vector' (skipping)",
            type(exc.orig).__name__ if exc.orig is not None else type(exc).__name__,
        )


def upgrade() -> None:
    _ensure_vector()
    op.create_table(
        "users",
        sa.Column("telegram_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("username", sa.String(length=64), nullable=True),
        sa.Column("first_name", sa.String(length=256), nullable=True),
        sa.Column("last_name", sa.String(length=256), nullable=True),
        sa.Column("language_code", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("last_active_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("is_banned", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("is_blocked", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("blocked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("telegram_id", name="pk_users"),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_users_lower_username",
        "users",
        [sa.text("lower(username)")],
        schema=SCHEMA,
        postgresql_where=sa.text("username IS NOT NULL"),
    )
    op.create_table(
        "user_searches",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("query_text", sa.Text(), server_default="", nullable=False),
        sa.Column("filters", postgresql.JSONB(), server_default="{}", nullable=False),
        sa.Column("result_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            [f"{SCHEMA}.users.telegram_id"],
            name="fk_user_searches_user_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_user_searches"),
        schema=SCHEMA,
    )
    op.create_index("ix_user_searches_user_id_created_at", "user_searches", ["user_id", "created_at"], schema=SCHEMA)
    op.create_index("ix_user_searches_created_at", "user_searches", ["created_at"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_index("ix_user_searches_created_at", table_name="user_searches", schema=SCHEMA)
    op.drop_index("ix_user_searches_user_id_created_at", table_name="user_searches", schema=SCHEMA)
    op.drop_table("user_searches", schema=SCHEMA)
    op.drop_index("ix_users_lower_username", table_name="users", schema=SCHEMA)
    op.drop_table("users", schema=SCHEMA)
    # pgvector goes only if it lives in our schema (we installed it); elsewhere it belongs to the owner.
    op.execute(
        sa.text(
            "DO $$ BEGIN "
            "IF EXISTS (SELECT 1 FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            f"WHERE e.extname = 'vector' AND n.nspname = '{SCHEMA}') THEN DROP EXTENSION vector; END IF; "
            "END $$"
        )
    )
