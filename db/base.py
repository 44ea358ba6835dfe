"""Declarative bases: one for our schema (Alembic's), one for the job board's legacy tables."""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

SCHEMA = "jobbot"
"""Our own PostgreSQL schema. Every table we own, and Alembic's version table, live here."""

_NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Tables we own. Alembic's target metadata: migrations only ever see these."""

    metadata = MetaData(schema=SCHEMA, naming_convention=_NAMING)


class LegacyBase(DeclarativeBase):
    """The job board's tables in `public`: read-only for us, never migrated."""

    metadata = MetaData()
