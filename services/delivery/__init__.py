"""Messages the bot sends on its own: `alerts` (JobAlerts), `reminders` (ApplicationReminders: the tracker's
follow-ups), `broadcasts` (Broadcasts), `claimed` (a message whose contents were claimed first: alerts and reminders
go at most once), `pace` (SendPace: one send budget for the process), `telegram_html` (Telegram's HTML checked)."""
