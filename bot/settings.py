"""Settings, read from the environment (and `.env`) once at start and passed down.

Nothing here runs at import time: `load_settings()` is called by the composition root
(`bot.cli`) and by tests, never by a module that is merely imported.
"""

from __future__ import annotations

import ipaddress
import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{32,256}$")
MIN_TOKEN_LENGTH = 32
"""ADMIN_TOKEN, METRICS_TOKEN and WEBHOOK_SECRET are at least this long (`openssl rand -hex 32` gives 64)."""


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class DatabasePool(BaseModel):
    """Connection pool of the one engine per process (`DB__POOL_SIZE=10` and so on)."""

    pool_size: int = Field(10, ge=1, le=100)
    max_overflow: int = Field(0, ge=0, le=100)  # a fixed pool: `db.engine.PoolOptions` says why
    pool_timeout: float = Field(10.0, gt=0)
    pool_recycle: int = Field(1800, ge=-1)
    connect_timeout: float = Field(5.0, gt=0)
    startup_attempts: int = Field(6, ge=1, le=100)
    startup_backoff: float = Field(0.5, ge=0)


class SettingsError(Exception):
    """An invalid setting, with a message that names it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_nested_delimiter="__",
        extra="ignore",
        populate_by_name=True,
    )

    bot_token: SecretStr | None = Field(default=None, validation_alias=AliasChoices("BOT_TOKEN", "TELEGRAM_BOT_TOKEN"))
    database_url: SecretStr | None = None
    redis_url: SecretStr | None = None
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_embedding_model: str = "text-embedding-3-small"
    openai_timeout: float = Field(10.0, gt=0, le=120)
    openai_max_attempts: int = Field(4, ge=1, le=10)
    openai_cv_model: str = "gpt-4o-mini"
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    telegram_api_base: str | None = None
    """A Bot API server of your own (`http://bot-api.internal:8081`); unset: Telegram's."""
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    admin_token: SecretStr | None = None
    trusted_proxies: Annotated[list[ipaddress.IPv4Network | ipaddress.IPv6Network], NoDecode] = Field(
        default_factory=list
    )
    """Proxies whose `Fly-Client-IP` header names the client (fly.io: 172.16.0.0/12); unset: none, the peer is the
    client."""
    metrics_token: SecretStr | None = None
    """`/metrics` on PORT needs `Authorization: Bearer <METRICS_TOKEN>` when set."""
    metrics_port: int | None = Field(None, ge=1, le=65535)
    """Serve `/metrics` on this port instead of PORT (fly.io's `[metrics]` scrapes it over the private network)."""
    admin_chat_id: int | None = None
    """Where unexpected errors are reported; unset: to each of ADMIN_IDS in a private chat."""
    error_alert_minutes: float = Field(5.0, ge=0, le=1440)
    broadcast_rate: float = Field(25.0, gt=0, le=30)
    """Copies a second for broadcasts (and alerts): Telegram allows about 30 a second for a whole bot."""
    scheduler: bool = True
    """Run the scheduled jobs in this process (off for tests that drive the jobs themselves)."""
    index_refresh_minutes: float = Field(15.0, ge=1, le=1440)
    digest_check_minutes: float = Field(15.0, ge=1, le=60)
    search_retention_days: int = Field(180, ge=1, le=3650)
    shutdown_grace: float = Field(20.0, ge=0, le=300)
    """Seconds running updates, jobs and broadcasts get to finish on SIGINT or SIGTERM (fly.io's kill_timeout
    must be longer)."""
    api_rate_per_minute: int = Field(120, ge=1, le=100_000)
    """Requests a minute for each HTTP API token."""
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Browser origins allowed to call the HTTP API (`https://jobs.example.com`), comma separated."""
    instance_name: str = Field(default="", validation_alias=AliasChoices("INSTANCE_NAME", "FLY_MACHINE_ID"))
    """Names this instance in task runs; fly.io's machine id when it is set, else the host name."""
    data_dir: Path = Path(".data")
    port: int = Field(8080, ge=1, le=65535)
    environment: Environment = Environment.DEVELOPMENT
    log_level: Literal["TRACE", "DEBUG", "INFO", "SUCCESS", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    db: DatabasePool = Field(default_factory=DatabasePool)
    cv_max_mb: float = Field(10.0, gt=0, le=20)  # Telegram lets a bot download 20 MB at most
    cv_max_pages: int = Field(15, ge=1, le=100)
    backup_dir: Path | None = None
    """Where the daily backup of our schema is written (a mounted volume on fly.io); unset: no scheduled backup."""
    backup_keep: int = Field(7, ge=1, le=365)
    """How many daily backups are kept in BACKUP_DIR (older ones are deleted)."""
    cv_workers: int = Field(2, ge=1, le=16)
    """CVs parsed at once in this process (bot and HTTP API together), each in a sandboxed worker."""
    cv_worker_memory_mb: int = Field(256, ge=128, le=4096)
    """Address space of one CV worker (every real CV tried parses within 128 MB)."""
    cv_per_day: int = Field(20, ge=1, le=10_000)
    """CVs one sender (a bot user, an API token) may send a day; more are refused until tomorrow (UTC)."""
    cv_llm_per_day: int = Field(10, ge=0, le=10_000)
    """LLM extractions a sender may have a day (with OPENAI_API_KEY); past it the rules read the CV alone."""

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = [p for p in re.split(r"[,\s;]+", value.strip()) if p]
            if not all(p.lstrip("-").isdigit() for p in parts):
                raise ValueError("must be Telegram user ids (numbers) separated by commas")
            return [int(p) for p in parts]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        if isinstance(value, str):
            origins = [o.strip().rstrip("/") for o in value.split(",") if o.strip()]
            if not all(re.match(r"^https?://[^/\s]+$", o) for o in origins):
                raise ValueError("must be origins like https://jobs.example.com, separated by commas")
            return origins
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @field_validator("environment", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value

    @field_validator("openai_base_url", "telegram_api_base")
    @classmethod
    def _http(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s):// URL")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith("https://"):
            raise ValueError("must be an https:// URL that Telegram can reach")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _WEBHOOK_SECRET.match(value.get_secret_value()):
            raise ValueError("must be 32-256 characters of A-Z, a-z, 0-9, _ and - (openssl rand -hex 32)")
        return value

    @field_validator("admin_token", "metrics_token")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_TOKEN_LENGTH:
            raise ValueError(f"must be at least {MIN_TOKEN_LENGTH} characters (openssl rand -hex 32)")
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_networks(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return [ipaddress.ip_network(p, strict=False) for p in re.split(r"[,\s;]+", value.strip()) if p]
            except ValueError as exc:
                raise ValueError("must be addresses or networks like 172.16.0.0/12, separated by commas") from exc
        return value

    @field_validator(
        "bot_token",
        "database_url",
        "redis_url",
        "openai_api_key",
        "admin_token",
        "metrics_token",
        "metrics_port",
        "backup_dir",
        "webhook_secret",
        "admin_chat_id",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        return None if value == "" else value

    @model_validator(mode="after")
    def _ports_differ(self) -> Settings:
        if self.metrics_port is not None and self.metrics_port == self.port:
            raise ValueError("METRICS_PORT must differ from PORT (unset it to serve /metrics on PORT)")
        return self

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PRODUCTION

    def secret_values(self) -> list[str]:
        """Every secret this process knows, for the log filter."""
        values = [self.bot_token, self.openai_api_key, self.webhook_secret, self.admin_token, self.metrics_token]
        out = [v.get_secret_value() for v in values if v is not None]
        for url in (self.database_url, self.redis_url):
            if url is not None:
                password = _url_password(url.get_secret_value())
                if password:
                    out.append(password)
        return [v for v in out if len(v) >= 4]


def _url_password(url: str) -> str | None:
    match = re.match(r"^[a-z0-9+]+://[^:/@]*:([^@]*)@", url)
    return match.group(1) if match else None


_ENV_NAMES = {"bot_token": "BOT_TOKEN"}


def _setting_name(loc: tuple[int | str, ...]) -> str:
    if not loc:
        return "settings"
    head = str(loc[0])
    if head == "db" and len(loc) > 1:
        return f"DB__{str(loc[1]).upper()}"
    return _ENV_NAMES.get(head, head.upper())


def load_settings(**overrides: Any) -> Settings:
    """Build the settings, turning a validation error into one readable message per bad setting."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            name = _setting_name(tuple(err.get("loc", ())))
            message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
            lines.append(f"{name}: {message}")
        raise SettingsError("Invalid configuration:\n  " + "\n  ".join(lines)) from None
