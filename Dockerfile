# The bot's image: slim, non-root, the Python and uv versions pinned, dependencies installed from uv.lock only.
FROM python:3.11.7-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never

# pg_dump and psql for `python -m bot backup` and `restore` (they must be at least the server's major version).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

COPY --from=ghcr.io/astral-sh/uv:0.13.8 /uv /usr/local/bin/uv

WORKDIR /app
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-dev --no-install-project
COPY alembic.ini README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY dialogs ./dialogs
COPY services ./services
COPY db ./db
COPY scheduler ./scheduler
COPY migrations ./migrations
COPY locales ./locales
RUN uv sync --frozen --no-dev

RUN useradd --create-home --uid 10001 bot && mkdir -p /data && chown bot /data
USER bot

ENV PATH=/app/.venv/bin:$PATH \
    ENVIRONMENT=production \
    DATA_DIR=/data \
    PORT=8080
EXPOSE 8080
# fly.io sends kill_signal (SIGTERM) and waits kill_timeout; the bot drains within SHUTDOWN_GRACE.
STOPSIGNAL SIGTERM
CMD ["python", "-m", "bot", "run"]
