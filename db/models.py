"""Tables we own, in our schema. Changed only through Alembic migrations in `migrations/`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pgvector.sqlalchemy import Vector
from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base

EMBEDDING_DIMENSION = 384
"""One vector column for every model: the local MiniLM is 384-d, OpenAI's are asked for 384 dimensions."""


class User(Base):
    """A Telegram user who has talked to the bot."""

    __tablename__ = "users"

    telegram_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    username: Mapped[str | None] = mapped_column(String(64))
    first_name: Mapped[str | None] = mapped_column(String(256))
    last_name: Mapped[str | None] = mapped_column(String(256))
    language_code: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_active_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    consent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    is_banned: Mapped[bool] = mapped_column(Boolean, server_default="false")
    is_blocked: Mapped[bool] = mapped_column(Boolean, server_default="false")
    """The user blocked the bot or was deactivated (Telegram answered 403): never message them."""
    blocked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_users_lower_username", func.lower(username), postgresql_where=username.isnot(None)),)


class UserSearch(Base):
    """One search a user ran: what they asked, with which filters, and how many jobs came back."""

    __tablename__ = "user_searches"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.telegram_id", ondelete="CASCADE"))
    query_text: Mapped[str] = mapped_column(Text, server_default="")
    filters: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    result_count: Mapped[int] = mapped_column(Integer, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        Index(None, "user_id", "created_at"),
        Index(None, "created_at"),
    )


class UserProfile(Base):
    """The profile read from a user's latest CV. The CV's text and file are never kept."""

    __tablename__ = "user_profiles"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.telegram_id", ondelete="CASCADE"), primary_key=True
    )
    profile: Mapped[dict[str, Any]] = mapped_column(JSONB)
    source: Mapped[str] = mapped_column(String(8))
    """pdf, docx, odt, rtf or text: where the profile came from."""
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ProfileVersion(Base):
    """A CV profile kept beside the current one: "pending" (a new CV's reading waiting for the user to replace or
    keep) or "previous" (the profile a new CV replaced, kept for undo). Each expires (a day); never CV text."""

    __tablename__ = "profile_versions"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.telegram_id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    profile: Mapped[dict[str, Any]] = mapped_column(JSONB)
    source: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index(None, "expires_at"),)


class UserPreferences(Base):
    """What a user asked every search to respect, how often to be alerted, and their chosen language."""

    __tablename__ = "user_preferences"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.telegram_id", ondelete="CASCADE"), primary_key=True
    )
    filters: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    alert_frequency: Mapped[str] = mapped_column(String(8), server_default="off")
    language: Mapped[str | None] = mapped_column(String(8))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    timezone: Mapped[str | None] = mapped_column(String(64))
    """An IANA name for the 09:00 digests; None: from the language (Europe/London, Europe/Moscow)."""
    alerts_since: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    """When alerts were last turned on: only jobs indexed after it are alerted."""
    last_digest_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    leanings: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    """What the user taught the ranking (`services.search.leanings.Leanings.as_dict`): lessons from their "not
    interested" reasons and their favourite firms."""


class SavedJob(Base):
    """A job a user saved, with its title and firm kept so that a job gone from the board still shows."""

    __tablename__ = "saved_jobs"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.telegram_id", ondelete="CASCADE"), primary_key=True
    )
    job_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(Text)
    firm_name: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class DismissedJob(Base):
    """A job a user marked not interesting, and why: it never comes back in their searches."""

    __tablename__ = "dismissed_jobs"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.telegram_id", ondelete="CASCADE"), primary_key=True
    )
    job_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    reason: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class EmbeddingCacheEntry(Base):
    """A vector already paid for: keyed by the model and the SHA-256 of the exact text."""

    __tablename__ = "embedding_cache"

    model: Mapped[str] = mapped_column(String(100), primary_key=True)
    text_hash: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    embedding: Mapped[Any] = mapped_column(Vector(EMBEDDING_DIMENSION))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    used_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (Index(None, "used_at"),)


class JobIndexEntry(Base):
    """One legacy job as one model sees it: its vector, its full-text vector and its parsed fields.

    No foreign key to the board's table: a foreign key would add triggers to a table we may not touch.
    """

    __tablename__ = "job_index"

    job_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    model: Mapped[str] = mapped_column(String(100), primary_key=True)
    source_hash: Mapped[str] = mapped_column(String(48))
    text_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    embedding: Mapped[Any] = mapped_column(Vector(EMBEDDING_DIMENSION))
    tsv: Mapped[Any] = mapped_column(TSVECTOR)
    title: Mapped[str] = mapped_column(Text)
    firm_id: Mapped[int] = mapped_column(BigInteger)
    firm_name: Mapped[str] = mapped_column(Text)
    firm_ranking: Mapped[int | None] = mapped_column(Integer)
    places: Mapped[list[str]] = mapped_column(ARRAY(Text))
    region: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    work_mode: Mapped[str] = mapped_column(String(10))
    salary_stated: Mapped[bool] = mapped_column(Boolean)
    salary_min: Mapped[int | None] = mapped_column(Integer)
    """Annualised (a day rate times 220, an hourly rate times 1,950); NULL when the ad gives no minimum."""
    salary_max: Mapped[int | None] = mapped_column(Integer)
    salary_rate_min: Mapped[float | None] = mapped_column(Numeric(12, 2))
    salary_rate_max: Mapped[float | None] = mapped_column(Numeric(12, 2))
    salary_currency: Mapped[str | None] = mapped_column(String(3))
    salary_period: Mapped[str | None] = mapped_column(String(8))
    seniority: Mapped[int | None] = mapped_column(SmallInteger)
    service: Mapped[str | None] = mapped_column(String(32))
    employment: Mapped[list[str]] = mapped_column(ARRAY(String(16)))
    qualifications: Mapped[list[str]] = mapped_column(ARRAY(String(8)))
    qualified_by_experience: Mapped[bool] = mapped_column(Boolean)
    software: Mapped[list[str]] = mapped_column(ARRAY(Text))
    posted_on: Mapped[dt.date] = mapped_column(Date)
    family: Mapped[str | None] = mapped_column(String(32))
    """The role family the title names (`services.jobs.roles.family_of`); NULL: no accounting or finance role."""
    step: Mapped[int | None] = mapped_column(SmallInteger)
    """The job's step on the career ladder, 0-8 (`services.jobs.roles.career_step`); NULL when nothing says."""
    title_step: Mapped[int | None] = mapped_column(SmallInteger)
    """The step the title alone names (`services.jobs.roles.title_step`), where a band or the pay moved `step`;
    NULL when the title names none, or not read since migration 0017."""
    title_words: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    """The title's content words, normalised and stemmed (`services.jobs.roles.words`)."""
    ad_status: Mapped[list[str] | None] = mapped_column(ARRAY(String(20)))
    """What the ad says about qualification status (`services.jobs.qualification_status.AdStatus.as_list`):
    qualified, part_qualified, qbe, study_support, training_contract. NULL: not read since the reader came."""
    ad_sectors: Mapped[list[str] | None] = mapped_column(ARRAY(String(24)))
    """The sector experience the ad asks (`services.jobs.sectors.AdSectors.as_list`: "health", "charity?")."""
    ad_languages: Mapped[list[str] | None] = mapped_column(ARRAY(String(24)))
    """The languages the ad asks, English aside (`services.jobs.languages.AdLanguages.as_list`: "Armenian",
    "Welsh?"). NULL: not read since the reader came."""
    indexed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        Index(
            "ix_job_index_embedding_hnsw",
            "embedding",
            postgresql_using="hnsw",
            postgresql_with={"m": 16, "ef_construction": 64},
            postgresql_ops={"embedding": "vector_cosine_ops"},
        ),
        Index("ix_job_index_tsv", "tsv", postgresql_using="gin"),
        Index("ix_job_index_qualifications", "qualifications", postgresql_using="gin"),
        Index("ix_job_index_places", "places", postgresql_using="gin"),
        Index(None, "model", "posted_on"),
        Index(None, "model", "seniority"),
        Index(None, "model", "salary_max"),
        Index("ix_job_index_work_mode", "work_mode"),
        Index("ix_job_index_region", "region"),
    )


class TitleTerm(Base):
    """How many indexed jobs' titles hold a word, per embedding model: what makes a query's rarer words ("systems"
    in "systems accountant") weigh more than its common ones. Rebuilt after each refresh that changes the index; the
    empty term holds the number of jobs."""

    __tablename__ = "title_terms"

    model: Mapped[str] = mapped_column(String(100), primary_key=True)
    term: Mapped[str] = mapped_column(Text, primary_key=True)
    jobs: Mapped[int] = mapped_column(Integer)


class Broadcast(Base):
    """A message an admin sent to many users, sent in the background and resumed after a restart."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    admin_id: Mapped[int] = mapped_column(BigInteger)
    """No foreign key: an admin who erases their own account does not erase the broadcast's record."""
    text: Mapped[str] = mapped_column(Text)
    """HTML, checked before sending; the caption when there is a photo."""
    photo_file_id: Mapped[str | None] = mapped_column(Text)
    audience: Mapped[str] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(12), server_default="sending")
    """sending, done or cancelled."""
    total: Mapped[int] = mapped_column(Integer, server_default="0")
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    lease_owner: Mapped[str | None] = mapped_column(String(120))
    """The process sending it now; it renews `lease_until` while it sends, and any instance may take over once the
    lease has run out (the sender died)."""
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index(None, "status"),)


class BroadcastDelivery(Base):
    """One row per (broadcast, user): what happened to that user's copy. A restart sends only the pending ones."""

    __tablename__ = "broadcast_deliveries"

    broadcast_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("broadcasts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.telegram_id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(8), server_default="pending")
    """pending, sent, blocked (403: the user is marked and skipped from now on) or failed."""
    error: Mapped[str | None] = mapped_column(String(120))
    attempts: Mapped[int] = mapped_column(SmallInteger, server_default="0")
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index(None, "broadcast_id", "status"),)


class UsageCount(Base):
    """Counts of things that leave no row of their own (CVs processed, errors, alerts sent), per hour."""

    __tablename__ = "usage_counts"

    hour: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, server_default="0")


class TaskRun(Base):
    """One run of a scheduled task on one instance: when, how it ended, how much it did."""

    __tablename__ = "task_runs"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    task: Mapped[str] = mapped_column(String(64))
    instance: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str] = mapped_column(String(8), server_default="running")
    """running, ok or failed."""
    items: Mapped[int] = mapped_column(Integer, server_default="0")
    error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index(None, "task", "started_at"),)


class AlertDelivery(Base):
    """A job alerted to a user (in an instant alert or a digest): no job is ever alerted to them twice."""

    __tablename__ = "alert_deliveries"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.telegram_id", ondelete="CASCADE"), primary_key=True
    )
    job_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(8))
    """instant, daily, weekly or firm (a favourite firm's own alert)."""
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (Index(None, "user_id", "sent_at"),)


class FirmAlert(Base):
    """A favourite firm the user asked to hear of at once: its jobs indexed after `since` are alerted to them on
    their own, whatever their alert frequency (`services.delivery.alerts`)."""

    __tablename__ = "firm_alerts"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.telegram_id", ondelete="CASCADE"), primary_key=True
    )
    firm_name: Mapped[str] = mapped_column(Text, primary_key=True)
    """As the index names it (`job_index.firm_name`), as a favourite firm is kept."""
    since: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ApiToken(Base):
    """A token for the HTTP API: only its SHA-256 is kept; the token itself is shown once, at creation."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    """The token's first characters, to recognise it in a list."""
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(16)))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Application(Base):
    """A job the user applied for and where it stands (applied, interview, offer, rejected, no reply), with a
    follow-up reminder they may set. Title and firm are kept so that a job gone from the board still shows."""

    __tablename__ = "applications"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.telegram_id", ondelete="CASCADE"), primary_key=True
    )
    job_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(Text)
    firm_name: Mapped[str] = mapped_column(Text)
    applied_on: Mapped[dt.date] = mapped_column(Date)
    """The day the user says they applied (in their time zone)."""
    stage: Mapped[str] = mapped_column(String(12), server_default="applied")
    """applied, interview, offer, rejected or no_reply (`services.accounts.applications.Stage`)."""
    stage_changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    remind_on: Mapped[dt.date | None] = mapped_column(Date)
    """The day of the follow-up reminder the user asked for (sent from 09:00 their time); None: none."""
    reminded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    """When that reminder went (claimed before sending); None while it is still to go."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (Index(None, "remind_on", postgresql_where=reminded_at.is_(None)),)
