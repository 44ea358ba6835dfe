"""The scheduler's jobs wired to the running bot: thin calls into the services, alerts sent through the senders of
`handlers.senders`. Here in the composition root because it needs the Runtime and `scheduler/`, which the
adapters may not import."""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Iterable

from aiogram import Bot

from bot.runtime import Runtime
from db import backup as dbbackup
from handlers.senders import BroadcastRunner, TelegramSend, render_alert, render_reminder
from scheduler.heartbeat import Heartbeat
from scheduler.jobs import BotScheduler, Schedule
from scheduler.runner import Clock, TaskRunner, utc_now
from services.container import Services
from services.delivery.alerts import AlertKind, AlertReport
from services.jobs.index import JobIndexer


def instance_name(runtime: Runtime) -> str:
    return runtime.settings.instance_name or f"{socket.gethostname()}:{os.getpid()}"


def create_scheduler(runtime: Runtime, services: Services, bot: Bot, broadcaster: BroadcastRunner,
                     heartbeat: Heartbeat | None = None, *, clock: Clock = utc_now) -> BotScheduler:  # fmt: skip
    """The scheduled jobs of this running bot: thin calls into the services, sending through this Bot. `clock`
    is the time the jobs see (a test's own)."""
    settings = runtime.settings
    send = TelegramSend(bot)
    scheduler: BotScheduler

    async def refresh_index() -> int:
        report = await JobIndexer(runtime.uow, runtime.embeddings).refresh(wait=False)
        return report.embedded

    async def alerts(kinds: Iterable[AlertKind]) -> AlertReport:
        return await services.alerts.run(kinds, send, render_alert, now=clock(), stop=lambda: scheduler.stopping)

    async def reminders() -> int:
        """The application tracker's follow-up reminders due now; the messages sent."""
        report = await services.reminders.run(send, render_reminder, now=clock(), stop=lambda: scheduler.stopping)
        return report.sent

    async def prune() -> int:
        return (await services.maintenance.prune()).total

    async def resume_broadcasts() -> int:
        return len(await broadcaster.resume())

    backup = None
    if settings.backup_dir is not None:
        folder, keep = settings.backup_dir, settings.backup_keep

        async def backup() -> int:
            """Our schema, dumped into BACKUP_DIR; the newest BACKUP_KEEP dumps kept. Returns the bytes written."""
            stamp = clock().strftime("%Y%m%d-%H%M%S")
            partial = folder / f"jobbot-{stamp}.dump.partial"
            try:
                report = await dbbackup.backup(runtime.url, partial)
            except BaseException:
                partial.unlink(missing_ok=True)  # a failed dump never counts among the kept ones
                raise
            partial.rename(folder / f"jobbot-{stamp}.dump")
            for old in sorted(folder.glob("jobbot-*.dump"))[:-keep]:
                old.unlink(missing_ok=True)
            return report.bytes

    schedule = Schedule(refresh=dt.timedelta(minutes=settings.index_refresh_minutes),
                        digests=dt.timedelta(minutes=settings.digest_check_minutes),
                        reminders=dt.timedelta(minutes=settings.digest_check_minutes))  # fmt: skip
    scheduler = BotScheduler(
        TaskRunner(runtime.uow, instance_name(runtime), clock=clock), refresh_index=refresh_index, alerts=alerts,
        prune=prune, resume_broadcasts=resume_broadcasts, backup=backup, reminders=reminders, schedule=schedule,
        heartbeat=heartbeat,
    )  # fmt: skip
    return scheduler
