"""The inbound web adapters on the one aiohttp application: health and readiness, metrics (`app.py`), the admin
page (`admin_page.py`, `guard.py`, `logbuffer.py`, `templates/`), the HTTP API (`api.py`, `api_models.py`,
`openapi.py`) and the Telegram webhook (`webhook.py`). The composition root (`bot/`) builds them and hands in what
they need: services, settings' values, Redis, the scheduler's heartbeat."""
