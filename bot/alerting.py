"""Job alerts in Telegram: the message (the best few jobs with their reasons, a button for each, one for the rest,
one to pause alerts) in the user's language, and the wiring of the scheduler's jobs to the running bot."""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Iterable
from html import escape

from aiogram import Bot

from bot.broadcasting import BroadcastRunner, TelegramSend
from bot.runtime import Runtime
from db import backup as dbbackup
from dialogs.shared import AlertAll, AlertJob, AlertPause
from locales import translator
from scheduler.heartbeat import Heartbeat
from scheduler.jobs import BotScheduler, Schedule
from scheduler.runner import Clock, TaskRunner, utc_now
from services.alerts import AlertBatch, AlertKind, AlertReport
from services.container import Services
from services.delivery import Content
from services.job_index import JobIndexer
from services.jobs import short_label
from services.search import unique_texts

SHOWN = 5


def render_alert(batch: AlertBatch) -> Content:
    t = translator(batch.language)
    lines = [t(f"alert-title-{batch.kind.value}", count=len(batch.jobs))]
    for job in batch.jobs[:SHOWN]:
        lines.append(f"• <b>{escape(job.title)}</b> — {escape(job.firm)}")
        why = " · ".join(unique_texts(job.fits, t.reason)[:4])
        check = " · ".join(unique_texts(job.to_check, t.reason))
        if why:  # as in the search results: why it fits, each once, and apart the facts to check
            lines.append(f"  <i>{escape(why)}</i>")
        if check:
            lines.append(f"  <i>{t('results-to-check', items=escape(check))}</i>")
    buttons: list[tuple[tuple[str, str], ...]] = [
        ((f"{i}. {short_label(job.title)}", AlertJob(job_id=job.job_id).pack()),)
        for i, job in enumerate(batch.jobs[:SHOWN], 1)
    ]
    if len(batch.jobs) > SHOWN:
        buttons.append(((t("alert-all", count=len(batch.jobs)), AlertAll(at=int(batch.at.timestamp())).pack()),))
    buttons.append(((t("alert-pause"), AlertPause().pack()),))
    return Content("\n".join(lines), None, tuple(buttons))


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
                        digests=dt.timedelta(minutes=settings.digest_check_minutes))  # fmt: skip
    scheduler = BotScheduler(
        TaskRunner(runtime.uow, instance_name(runtime), clock=clock), refresh_index=refresh_index, alerts=alerts,
        prune=prune, resume_broadcasts=resume_broadcasts, backup=backup, schedule=schedule, heartbeat=heartbeat,
    )  # fmt: skip
    return scheduler
