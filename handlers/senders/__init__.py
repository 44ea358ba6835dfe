"""The Telegram messages the bot sends beyond answering an update: `TelegramSend` (a `services.delivery.pace.Send`
over aiogram, Bot API answers turned into delivery outcomes), `BroadcastRunner` (broadcasts in background tasks,
the admin's progress message edited as they go), `render_alert` (a job alert's message and buttons),
`render_reminder` (the application tracker's follow-up reminder) and `ErrorAlerts` (unexpected errors reported to
the admins)."""

from handlers.senders.alerts import render_alert
from handlers.senders.broadcasts import BroadcastRunner, TelegramSend
from handlers.senders.error_alerts import ErrorAlerts, error_kind
from handlers.senders.reminders import render_reminder

__all__ = ["BroadcastRunner", "ErrorAlerts", "TelegramSend", "error_kind", "render_alert", "render_reminder"]
