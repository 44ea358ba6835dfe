"""Messages the bot sends on its own: `alerts` (JobAlerts), `broadcasts` (Broadcasts), `pace` (SendPace: one send
budget for the process), `telegram_html` (Telegram's HTML checked)."""
