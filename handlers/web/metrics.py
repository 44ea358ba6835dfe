"""Prometheus metrics (`/metrics`): what this process handled, and the shared numbers read at scrape time.

Counters and the latency histogram are per process (Prometheus adds instances up); the gauges (users, searches,
index lag, broadcast progress) come from `StatsService.report()` when `/metrics` is scraped, so every instance
shows the same shared numbers. They are read at most once per `shared_for` seconds (30): a report counts the jobs
waiting for the index over the whole board, which a busy scraper need not repeat every few seconds.
"""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from services.admin.stats import Stats
from services.usage import Event

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Metrics:
    def __init__(self, *, shared_for: float = 30.0) -> None:
        self.shared_for = shared_for
        self._shared_at: float | None = None
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.updates = Counter("jobbot_updates", "Telegram updates handled, by type", ["type"], registry=r)
        self.latency = Histogram(
            "jobbot_update_seconds", "Time to handle one update, by type", ["type"], registry=r,
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        )  # fmt: skip
        self.events = Counter("jobbot_events", "Counted events: cv_processed, error, alert_sent", ["event"], registry=r)
        self.users = Gauge("jobbot_users", "Users by kind (total, active_7d, with_cv, blocked_us, ...)", ["kind"],
                           registry=r)  # fmt: skip
        self.searches = Gauge("jobbot_searches", "Searches in a window (today, last_7d)", ["window"], registry=r)
        self.jobs = Gauge("jobbot_jobs", "Jobs on the board, indexed, and waiting for the index", ["state"], registry=r)
        self.index_lag = Gauge("jobbot_index_lag_jobs", "Board jobs the index lacks or holds in an old version",
                               registry=r)  # fmt: skip
        self.errors_24h = Gauge("jobbot_errors_24h", "Unexpected errors in the last 24 hours", registry=r)
        self.broadcast = Gauge("jobbot_broadcast_copies", "The latest broadcast's copies by status", ["status"],
                               registry=r)  # fmt: skip
        self.broadcast_sending = Gauge("jobbot_broadcast_sending", "1 while the latest broadcast is sending",
                                       registry=r)  # fmt: skip
        for event in Event:
            self.events.labels(event.value)  # every series exists from the start, at zero

    def on_event(self, event: Event, count: int) -> None:
        """A `services.usage.Usage` observer."""
        self.events.labels(event.value).inc(count)

    def shared_stale(self) -> bool:
        """Whether the shared numbers are older than `shared_for` (or were never read)."""
        return self._shared_at is None or time.monotonic() - self._shared_at >= self.shared_for

    def update_from(self, stats: Stats) -> None:
        self._shared_at = time.monotonic()
        for kind, value in stats.users.items():
            self.users.labels(kind).set(value)
        for window, value in stats.searches.items():
            self.searches.labels(window).set(value)
        for state, value in stats.jobs.items():
            self.jobs.labels(state).set(value)
        self.index_lag.set(stats.jobs["waiting"])
        self.errors_24h.set(stats.errors_24h)
        b = stats.broadcast
        if b is not None:
            for status, value in (("sent", b.sent), ("blocked", b.blocked), ("failed", b.failed),
                                  ("pending", b.pending), ("total", b.total)):  # fmt: skip
                self.broadcast.labels(status).set(value)
            self.broadcast_sending.set(1 if b.status == "sending" else 0)

    def render(self) -> bytes:
        return generate_latest(self.registry)
