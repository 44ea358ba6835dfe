from __future__ import annotations

from pathlib import Path

import pytest

from bot.runtime import pool_options
from bot.settings import Environment, SettingsError, load_settings
from db.engine import PoolOptions, normalize_database_url

ALL_SETTINGS = (
    "BOT_TOKEN", "TELEGRAM_BOT_TOKEN", "DATABASE_URL", "REDIS_URL", "OPENAI_API_KEY", "ADMIN_IDS", "WEBHOOK_URL",
    "WEBHOOK_SECRET", "ADMIN_TOKEN", "DATA_DIR", "PORT", "ENVIRONMENT", "LOG_LEVEL", "OPENAI_BASE_URL",
    "OPENAI_EMBEDDING_MODEL", "OPENAI_TIMEOUT", "OPENAI_MAX_ATTEMPTS", "OPENAI_CV_MODEL", "CV_MAX_MB", "CV_MAX_PAGES",
    "TRUSTED_PROXIES", "METRICS_PORT", "METRICS_TOKEN", "CV_WORKERS", "CV_WORKER_MEMORY_MB", "CV_PER_DAY",
    "CV_LLM_PER_DAY", "BACKUP_DIR", "BACKUP_KEEP",
)  # fmt: skip


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ALL_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env from the developer's checkout


def test_defaults_need_nothing() -> None:
    s = load_settings()
    assert s.bot_token is None and s.database_url is None and s.redis_url is None
    assert s.port == 8080
    assert s.environment is Environment.DEVELOPMENT
    assert s.data_dir == Path(".data")
    assert s.admin_ids == []


def test_the_pool_the_bot_uses_by_default_is_the_engines_default() -> None:
    """The settings' pool defaults and `db.engine.PoolOptions`' are written twice; they must not drift apart (the
    bot takes its pool from the settings, a bare engine from `PoolOptions`)."""
    assert pool_options(load_settings()) == PoolOptions()


def test_bot_token_is_also_read_from_telegram_bot_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    s = load_settings()
    assert s.bot_token is not None and s.bot_token.get_secret_value() == "123:abc"
    assert "123:abc" not in repr(s)


def test_admin_ids_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", "11, 22;33")
    assert load_settings().admin_ids == [11, 22, 33]


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("PORT", "70000", "PORT: Input should be less than or equal to 65535"),
        ("PORT", "eighty", "PORT: Input should be a valid integer"),
        ("ADMIN_IDS", "12,bob", "ADMIN_IDS: must be Telegram user ids"),
        ("ENVIRONMENT", "staging", "ENVIRONMENT: Input should be 'development' or 'production'"),
        ("WEBHOOK_URL", "http://example.org/hook", "WEBHOOK_URL: must be an https:// URL"),
        ("WEBHOOK_SECRET", "has spaces!", "WEBHOOK_SECRET: must be 32-256 characters"),
        ("WEBHOOK_SECRET", "a", "WEBHOOK_SECRET: must be 32-256 characters"),
        ("ADMIN_TOKEN", "x" * 31, "ADMIN_TOKEN: must be at least 32 characters"),
        ("METRICS_TOKEN", "short", "METRICS_TOKEN: must be at least 32 characters"),
        ("METRICS_PORT", "8080", "METRICS_PORT must differ from PORT"),
        ("TRUSTED_PROXIES", "fly", "TRUSTED_PROXIES: must be addresses or networks"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL: Input should be"),
        ("DB__POOL_SIZE", "0", "DB__POOL_SIZE: Input should be greater than or equal to 1"),
        ("OPENAI_BASE_URL", "api.example.org", "OPENAI_BASE_URL: must be an http(s):// URL"),
        ("OPENAI_TIMEOUT", "0", "OPENAI_TIMEOUT: Input should be greater than 0"),
        ("CV_MAX_MB", "25", "CV_MAX_MB: Input should be less than or equal to 20"),
    ],
)
def test_an_invalid_value_is_named(monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as err:
        load_settings()
    assert expected in str(err.value)
    assert "Traceback" not in str(err.value)


def test_trusted_proxies_are_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", "172.16.0.0/12, 10.0.0.7")
    assert [str(n) for n in load_settings().trusted_proxies] == ["172.16.0.0/12", "10.0.0.7/32"]


def test_env_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("PORT=9191\nADMIN_IDS=5\nLOG_LEVEL=debug\n")
    s = load_settings()
    assert (s.port, s.admin_ids, s.log_level) == (9191, [5], "DEBUG")


def test_secret_values_cover_tokens_and_url_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "42:token-value")
    monkeypatch.setenv("DATABASE_URL", "postgres://bot:s3cret-pass@db.internal:5432/jobs")
    monkeypatch.setenv("REDIS_URL", "redis://default:r3dis-pass@cache:6379/0")
    values = load_settings().secret_values()
    assert {"42:token-value", "s3cret-pass", "r3dis-pass"} <= set(values)


def test_env_example_documents_every_setting() -> None:
    example = Path(__file__).resolve().parents[2] / ".env.example"
    text = example.read_text()
    for name in ALL_SETTINGS:
        if name != "TELEGRAM_BOT_TOKEN":
            assert f"{name}=" in text, f"{name} is missing from .env.example"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u:p@h:5432/db", "postgresql+asyncpg://u:p@h:5432/db"),
        ("postgresql://u:p@h/db", "postgresql+asyncpg://u:p@h/db"),
        ("postgresql+asyncpg://u:p@h/db", "postgresql+asyncpg://u:p@h/db"),
        ("postgres://u:p@h/db?sslmode=disable", "postgresql+asyncpg://u:p@h/db?ssl=disable"),
        ("postgresql://postgres:@/postgres?host=/tmp/x/pg", "postgresql+asyncpg://postgres:@/postgres?host=/tmp/x/pg"),
    ],
)
def test_database_urls_from_hosting_providers(url: str, expected: str) -> None:
    assert normalize_database_url(url) == expected


def test_a_non_postgres_url_is_refused() -> None:
    with pytest.raises(ValueError, match="must be a PostgreSQL URL"):
        normalize_database_url("mysql://u:p@h/db")


def test_a_copy_of_env_example_loads_as_the_defaults(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / ".env.example"
    (tmp_path / ".env").write_text(example.read_text())
    s = load_settings()
    assert s.bot_token is None and s.webhook_secret is None and s.webhook_url is None
    assert s.admin_ids == [] and s.port == 8080
