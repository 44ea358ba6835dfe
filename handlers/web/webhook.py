"""The webhook route: Telegram POSTs each update here (production).

A call is dispatched only with the right secret (`X-Telegram-Bot-Api-Secret-Token`, compared in constant time:
401 otherwise), a body of at most 256 KB (413) that is a JSON update (400). The answer is 200 only once the update
is handled (or was handled before: a duplicate delivery); while another handler holds the same update, or while
this instance is stopping, the answer is 503 and Telegram delivers the update again later, here or elsewhere.
Stopping lets running updates finish within the grace period; those still running after it are cancelled, their
claims released, so their next delivery is handled in full (services commit whole or not at all).
"""

from __future__ import annotations

import asyncio
import hmac
import json

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiohttp import web
from loguru import logger
from pydantic import ValidationError

from handlers.claims import Claim, UpdateClaims
from services.lifecycle import finish_or_cancel

MAX_BODY = 256 * 1024
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret


class WebhookReceiver:
    def __init__(self, bot: Bot, dp: Dispatcher, secret: str, claims: UpdateClaims) -> None:
        self._bot = bot
        self._dp = dp
        self._secret = secret.encode()
        self._claims = claims
        self.stopping = False
        self._running: set[asyncio.Task[object]] = set()

    async def handle(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            logger.warning("webhook: refused a call without the right secret from {}", request.remote)
            return web.json_response({"ok": False, "error": "unauthorized"}, status=401)
        if request.content_length is not None and request.content_length > MAX_BODY:
            return web.json_response({"ok": False, "error": "too large"}, status=413)
        body = await request.content.read(MAX_BODY + 1)
        if len(body) > MAX_BODY:
            return web.json_response({"ok": False, "error": "too large"}, status=413)
        try:
            data = json.loads(body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an update")
            update = Update.model_validate(data, context={"bot": self._bot})
        except (ValueError, UnicodeDecodeError, ValidationError, RecursionError):  # RecursionError: "[[[[..."
            logger.warning("webhook: refused a body that is not a Telegram update")
            return web.json_response({"ok": False, "error": "not a Telegram update"}, status=400)
        if self.stopping:
            return web.json_response({"ok": False, "error": "stopping"}, status=503)
        claim = await self._claims.begin(self._bot.id, update.update_id)
        if claim is Claim.DONE:
            return web.json_response({"ok": True, "duplicate": True})
        if claim is Claim.BUSY:
            return web.json_response({"ok": False, "error": "being handled"}, status=503)
        task = asyncio.current_task()
        assert task is not None
        self._running.add(task)
        try:
            await self._dp.feed_update(self._bot, update, update_claimed=True)
        except asyncio.CancelledError:
            await self._claims.release(self._bot.id, update.update_id)
            logger.warning("webhook: update {} cancelled by the shutdown; Telegram will deliver it again",
                           update.update_id)  # fmt: skip
            raise
        except Exception:
            logger.exception("webhook: update {} failed outside the error handlers", update.update_id)
        finally:
            self._running.discard(task)
        await self._claims.finish(self._bot.id, update.update_id)
        return web.json_response({"ok": True})

    @property
    def running(self) -> int:
        return len(self._running)

    async def stop(self, grace: float) -> None:
        """Take no new update; let running ones finish within `grace` seconds, then cancel the rest."""
        self.stopping = True
        running = list(self._running)
        if not running:
            return
        logger.info("waiting up to {:.0f} s for {} updates in progress", grace, len(running))
        await finish_or_cancel(running, grace)
