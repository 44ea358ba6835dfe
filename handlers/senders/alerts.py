"""Job alerts in Telegram: the message (the best few jobs with their reasons, a button for each, one for the rest,
one to pause alerts, or, in a favourite firm's own alert, one per firm to stop it) in the user's language. The
scheduler's job that sends them is wired in `bot/scheduling.py`."""

from __future__ import annotations

from html import escape

from dialogs.states import AlertAll, AlertFirmOff, AlertJob, AlertPause
from locales import translator
from services.delivery.alerts import AlertBatch, AlertKind
from services.delivery.pace import Content
from services.jobs.cards import short_label
from services.search.job_search import unique_texts
from services.search.leanings import value_key

SHOWN = 5
FIRMS_NAMED = 3
"""Firms named in a firm alert's title (the rest as "…"); each firm in it has its own "stop" button."""


def render_alert(batch: AlertBatch) -> Content:
    t = translator(batch.language)
    firms = list(dict.fromkeys(job.firm for job in batch.jobs))
    named = ", ".join(firms[:FIRMS_NAMED]) + (", …" if len(firms) > FIRMS_NAMED else "")
    lines = [t(f"alert-title-{batch.kind.value}", count=len(batch.jobs), firms=escape(named))]
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
    if batch.kind is AlertKind.FIRM:  # asked firm by firm: stopped firm by firm
        buttons += [((t("alert-firm-off", firm=short_label(firm)), AlertFirmOff(key=value_key(firm)).pack()),)
                    for firm in firms]  # fmt: skip
    else:
        buttons.append(((t("alert-pause"), AlertPause().pack()),))
    return Content("\n".join(lines), None, tuple(buttons))
