"""The application tracker's follow-up reminder in Telegram: the applications to follow up (when applied, the stage,
and "no reply?" after three silent weeks) with a button for each, which opens its job card (the alerts' button:
stage and reminder are changed there), in the user's language. The scheduler's job that sends them is wired in
`bot/scheduling.py`."""

from __future__ import annotations

from html import escape

from dialogs.states import AlertJob
from locales import translator
from services.delivery.pace import Content
from services.delivery.reminders import ReminderBatch
from services.jobs.cards import short_label


def render_reminder(batch: ReminderBatch) -> Content:
    t = translator(batch.language)
    lines = [t("reminder-title", count=len(batch.items))]
    for item in batch.items:
        stage = t(f"stage-{item.stage.value}")
        lines.append(t("reminder-item", title=escape(item.title), firm=escape(item.firm),
                       date=item.applied_on.isoformat(), days=item.days, stage=stage))  # fmt: skip
        if item.no_reply_suggested:
            lines.append(f"  <i>{t('reminder-no-reply')}</i>")
    lines.append(t("reminder-hint"))
    buttons = tuple(
        ((f"{i}. {short_label(item.title)}", AlertJob(job_id=item.job_id).pack()),)
        for i, item in enumerate(batch.items, 1)
    )
    return Content("\n".join(lines), None, buttons)
