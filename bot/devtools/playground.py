"""The playground: a local stand-in for the Telegram Bot API, and a terminal chat with the bot through it.

The stand-in implements the methods the bot uses, over real HTTP, with Telegram's own limits (4,096 characters a
message, 64 bytes of callback data, 20 MB per download, well-formed HTML, "message is not modified"), so a reply
Telegram would refuse fails here too. The end-to-end tests drive the bot through it the same way `chat` does.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from aiohttp import web

from services.cv.reading import TELEGRAM_DOWNLOAD_LIMIT
from services.delivery.telegram_html import CAPTION_LIMIT, TEXT_LIMIT, HtmlError, visible_text

BOT_USER = {"id": 7000000001, "is_bot": True, "first_name": "Accountancy Jobs", "username": "accountancy_jobs_bot"}
CALLBACK_LIMIT = 64


class BadRequest(Exception):
    def __init__(self, description: str, code: int = 400, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.description = description
        self.code = code
        self.parameters = parameters


@dataclass
class Faults:
    """Telegram under load, on demand: runs of 429s at random on sends (each run 1 to `longest_run` long, each
    429 asking for `retry_after` seconds) and 403 for chats that blocked the bot. A send that arrives while a 429's
    wait is still running gets another 429 and is counted in `premature` (a bot must wait the whole time)."""

    blocked: set[int] = field(default_factory=set)
    rate_limit: float = 0.0
    longest_run: int = 3
    retry_after: int = 1
    seed: int = 7
    file_delay: float = 0.0
    """Seconds each file download takes (a slow update, to stop an instance in the middle of)."""
    conflict: bool = False
    """getUpdates answers 409, as when another process polls with the same token."""
    server_error: float = 0.0
    """Share of sends answered 500 (nothing delivered)."""
    network_error: float = 0.0
    """Share of sends whose connection is dropped before any answer (nothing delivered)."""
    spared: frozenset[int] = frozenset()
    """Chats never given a 500 or a dropped connection (an admin watching a broadcast in a test)."""


BULK_METHODS = frozenset({"sendmessage", "sendphoto"})


def plain_text(text: str, parse_mode: str | None) -> str:
    """The text a user would see; raises BadRequest where Telegram would."""
    if parse_mode != "HTML":
        return text
    try:
        return visible_text(text)
    except HtmlError as exc:
        raise BadRequest(f"Bad Request: can't parse entities: {exc}") from None


@dataclass
class SentMessage:
    message_id: int
    chat_id: int
    text: str
    """As the user sees it (HTML applied)."""
    html: str
    buttons: list[list[dict[str, Any]]] = field(default_factory=list)
    document: dict[str, Any] | None = None
    edits: int = 0
    photo: str | None = None
    """The file id of a photo sent with the text as its caption."""


class BotApiStandIn:
    """An aiohttp server speaking enough of the Bot API for this bot, plus the user's side of the chat."""

    def __init__(self, token: str = "123456:playground", *, update_ids_from: int = 1) -> None:  # noqa: S107
        self.token = token
        self.messages: dict[int, dict[int, SentMessage]] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.bodies: list[tuple[str, str]] = []
        """(method, content type) of every call: how the bot sent it."""
        self.callback_answers: list[dict[str, Any]] = []
        self._answered: set[str] = set()  # the ids of the queries answered, as Telegram remembers them
        self.files: dict[str, bytes] = {}
        self.pushed: Counter[int] = Counter()
        """How many times each update id was pushed (a duplicate counts twice)."""
        self._updates: list[dict[str, Any]] = []
        self._new_update = asyncio.Event()
        self._ids = itertools.count(update_ids_from)
        self._message_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.listeners: list[Callable[[str, SentMessage], None]] = []
        self.popup_listeners: list[Callable[[int, dict[str, Any]], None]] = []
        """Told of each callback answer (a popup, an alert, or only the spinner stopped), with the user it is for."""
        self._query_users: dict[str, int] = {}
        self._faults = Faults()
        self.sends: list[tuple[float, int]] = []
        """(monotonic time, chat id) of every message the stand-in accepted, for rate checks."""
        self.rate_limited = 0
        self.premature = 0
        self.runs: list[int] = []
        """The length of each run of 429s started."""
        self.failed_on_purpose = 0
        """Sends answered 500 or dropped, as `faults` asked."""
        self._penalty = (0.0, 0.0)  # (started, until) of the running 429 wait
        self._run_left = 0
        self._random = random.Random(self._faults.seed)

    @property
    def faults(self) -> Faults:
        return self._faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        """New faults start their own random sequence (from their seed), whatever happened before."""
        self._faults = faults
        self._random = random.Random(faults.seed)
        self._run_left = 0

    # ------------------------------------------------------------------ server
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024**2)
        app.router.add_post("/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        return app

    async def start(self, port: int = 0) -> None:
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle_method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        self.bodies.append((method, request.content_type))
        params: dict[str, Any] = {}
        if request.content_type.startswith("multipart/") or request.content_type.endswith("urlencoded"):
            form = await request.post()
            for name, value in form.items():
                if isinstance(value, str) and value.startswith("attach://"):  # aiogram uploads files this way
                    value = form.get(value[len("attach://") :], value)
                params[name] = value if isinstance(value, web.FileField) else _maybe_json(str(value))
        elif request.can_read_body:
            params = await request.json()
        self.calls.append((method, {k: v for k, v in params.items() if not isinstance(v, web.FileField)}))
        handler = getattr(self, "api_" + method.lower(), None)
        if handler is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        faulty = self.faults.server_error or self.faults.network_error
        if faulty and method.lower() in BULK_METHODS and int(params.get("chat_id") or 0) not in self.faults.spared:
            roll = self._random.random()
            if roll < self.faults.server_error:
                self.failed_on_purpose += 1
                return web.json_response({"ok": False, "error_code": 500, "description": "Internal Server Error"},
                                         status=500)  # fmt: skip
            if roll < self.faults.server_error + self.faults.network_error and request.transport is not None:
                self.failed_on_purpose += 1
                request.transport.abort()  # the client sees a dropped connection
                return web.Response(status=500)
        try:
            if method.lower() in BULK_METHODS:
                self._misbehave(int(params.get("chat_id") or 0))
            result = await handler(params)
        except BadRequest as exc:
            body: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
            return web.json_response(body, status=exc.code)
        if method.lower() in BULK_METHODS:
            self.sends.append((time.monotonic(), int(params.get("chat_id") or 0)))
        return web.json_response({"ok": True, "result": result})

    def _misbehave(self, chat_id: int) -> None:
        """Raise the 403 or 429 that `faults` asks for, if any."""
        faults = self.faults
        if chat_id in faults.blocked:
            raise BadRequest("Forbidden: bot was blocked by the user", 403)
        now = time.monotonic()
        started, until = self._penalty
        if now < until:
            if now > started + 0.25:  # not merely in flight when the 429 was given
                self.premature += 1
            self._too_many(math.ceil(until - now))
        if self._run_left == 0 and faults.rate_limit and self._random.random() < faults.rate_limit:
            self._run_left = self._random.randint(1, faults.longest_run)
            self.runs.append(self._run_left)
        if self._run_left > 0:
            self._run_left -= 1
            self._penalty = (now, now + faults.retry_after)
            self._too_many(faults.retry_after)

    def _too_many(self, seconds: int) -> None:
        self.rate_limited += 1
        raise BadRequest(f"Too Many Requests: retry after {seconds}", 429, {"retry_after": seconds})

    async def _handle_file(self, request: web.Request) -> web.Response:
        if self.faults.file_delay:
            await asyncio.sleep(self.faults.file_delay)
        data = self.files.get(request.match_info["path"].rsplit("/", 1)[-1])
        if data is None or request.match_info["token"] != self.token:
            raise web.HTTPNotFound()
        return web.Response(body=data)

    # ------------------------------------------------------------------ Bot API methods
    async def api_getme(self, _: dict[str, Any]) -> dict[str, Any]:
        return BOT_USER

    async def api_getupdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.faults.conflict:
            raise BadRequest("Conflict: terminated by other getUpdates request; make sure that only one bot "
                             "instance is running", 409)  # fmt: skip
        offset = int(params.get("offset") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates:
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), timeout=min(float(params.get("timeout") or 0), 5))
            except TimeoutError:
                return []
        limit = int(params.get("limit") or 100)
        return self._updates[:limit]

    async def api_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        text = str(params.get("text", ""))
        shown = plain_text(text, params.get("parse_mode"))
        if not shown.strip():
            raise BadRequest("Bad Request: message text is empty")
        if len(shown) > TEXT_LIMIT:
            raise BadRequest("Bad Request: message is too long")
        message = SentMessage(next(self._message_ids), int(params["chat_id"]), shown, text,
                              _buttons(params.get("reply_markup")))  # fmt: skip
        self._store(message, "new")
        return self._as_telegram(message)

    async def api_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._find(params)
        text = str(params.get("text", ""))
        shown = plain_text(text, params.get("parse_mode"))
        if len(shown) > TEXT_LIMIT:
            raise BadRequest("Bad Request: message is too long")
        buttons = _buttons(params.get("reply_markup"))
        if shown == message.text and buttons == message.buttons:
            raise BadRequest(
                "Bad Request: message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message"
            )
        message.text, message.html, message.buttons = shown, text, buttons
        message.edits += 1
        self._store(message, "edited")
        return self._as_telegram(message)

    async def api_editmessagereplymarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._find(params)
        message.buttons = _buttons(params.get("reply_markup"))
        message.edits += 1
        self._store(message, "edited")
        return self._as_telegram(message)

    async def api_deletemessage(self, params: dict[str, Any]) -> bool:
        chat = self.messages.get(int(params["chat_id"]), {})
        if chat.pop(int(params["message_id"]), None) is None:
            raise BadRequest("Bad Request: message to delete not found")
        return True

    async def api_answercallbackquery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id"))
        if query_id in self._answered:  # as Telegram: a query is answered once
            raise BadRequest("Bad Request: query is too old and response timeout expired or query ID is invalid")
        self._answered.add(query_id)
        self.callback_answers.append(params)
        user_id = self._query_users.pop(query_id, None)
        if user_id is not None:
            for listener in self.popup_listeners:
                listener(user_id, params)
        return True

    async def api_senddocument(self, params: dict[str, Any]) -> dict[str, Any]:
        upload = params.get("document")
        caption = str(params.get("caption") or "")
        if len(plain_text(caption, params.get("parse_mode"))) > CAPTION_LIMIT:
            raise BadRequest("Bad Request: message caption is too long")
        if not isinstance(upload, web.FileField):
            raise BadRequest("Bad Request: document must be an uploaded file here")
        data = upload.file.read()
        file_id = self._keep_file(data)
        message = SentMessage(next(self._message_ids), int(params["chat_id"]), caption, caption,
                              _buttons(params.get("reply_markup")),
                              {"file_id": file_id, "file_name": upload.filename, "file_size": len(data)})  # fmt: skip
        self._store(message, "new")
        return self._as_telegram(message)

    async def api_sendphoto(self, params: dict[str, Any]) -> dict[str, Any]:
        caption = str(params.get("caption") or "")
        shown = plain_text(caption, params.get("parse_mode"))
        if len(shown) > CAPTION_LIMIT:
            raise BadRequest("Bad Request: message caption is too long")
        photo = params.get("photo")
        if isinstance(photo, web.FileField):
            photo = self._keep_file(photo.file.read())
        if not isinstance(photo, str) or photo not in self.files:
            raise BadRequest("Bad Request: wrong file identifier/HTTP URL specified")
        message = SentMessage(next(self._message_ids), int(params["chat_id"]), shown, caption,
                              _buttons(params.get("reply_markup")), photo=photo)  # fmt: skip
        self._store(message, "new")
        return self._as_telegram(message)

    async def api_sendchataction(self, _: dict[str, Any]) -> bool:
        return True

    async def api_getfile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = str(params["file_id"])
        data = self.files.get(file_id)
        if data is None:
            raise BadRequest("Bad Request: invalid file_id")
        if len(data) > TELEGRAM_DOWNLOAD_LIMIT:
            raise BadRequest("Bad Request: file is too big")
        return {"file_id": file_id, "file_unique_id": "u" + file_id, "file_size": len(data),
                "file_path": f"documents/{file_id}"}  # fmt: skip

    async def _true(self, _: dict[str, Any]) -> bool:
        return True

    api_setmycommands = api_deletemycommands = api_deletewebhook = api_setwebhook = _true
    api_close = api_logout = _true

    async def api_getwebhookinfo(self, _: dict[str, Any]) -> dict[str, Any]:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": len(self._updates)}

    # ------------------------------------------------------------------ the user's side
    def _push(self, update: dict[str, Any]) -> int:
        self._updates.append(update)
        self.pushed[int(update["update_id"])] += 1
        self._new_update.set()
        return int(update["update_id"])

    def new_update_id(self) -> int:
        return next(self._ids)

    def push_raw(self, update: dict[str, Any]) -> int:
        """Any update as given (a duplicate, a forged button): the tests' way to misbehave."""
        return self._push(update)

    @staticmethod
    def user(user_id: int, language_code: str = "en", first_name: str = "Ann") -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language_code}

    def message_update(self, user_id: int, *, language_code: str = "en", **content: Any) -> dict[str, Any]:
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"},
            "from": self.user(user_id, language_code),
            **content,
        }
        if "text" in content and str(content["text"]).startswith("/"):
            command = str(content["text"]).split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": self.new_update_id(), "message": message}

    def send_text(self, user_id: int, text: str, *, language_code: str = "en") -> int:
        return self._push(self.message_update(user_id, language_code=language_code, text=text))

    def send_document(self, user_id: int, data: bytes, file_name: str | None, mime_type: str | None = None,
                      *, language_code: str = "en", declared_size: int | None = None,
                      size_given: bool = True) -> int:  # fmt: skip
        """A document from the user; Telegram states its size (`declared_size`, else the real one), or may not."""
        return self._push(self.document_update(user_id, data, file_name, mime_type, language_code=language_code,
                                               declared_size=declared_size, size_given=size_given))  # fmt: skip

    def document_update(self, user_id: int, data: bytes, file_name: str | None, mime_type: str | None = None,
                        *, language_code: str = "en", declared_size: int | None = None,
                        size_given: bool = True) -> dict[str, Any]:  # fmt: skip
        """The update of a document from the user (its file kept for download), not yet delivered: a webhook test
        posts it itself."""
        file_id = self._keep_file(data)
        document: dict[str, Any] = {"file_id": file_id, "file_unique_id": "u" + file_id}
        if size_given:
            document["file_size"] = declared_size if declared_size is not None else len(data)
        if file_name:
            document["file_name"] = file_name
        if mime_type:
            document["mime_type"] = mime_type
        return self.message_update(user_id, language_code=language_code, document=document)

    def send_photo(self, user_id: int, caption: str | None = None, *, language_code: str = "en") -> int:
        """A photo from the user (with a caption when given)."""
        file_id = self._keep_file(b"\x89PNG photo")
        sizes = [{"file_id": file_id, "file_unique_id": "u" + file_id, "width": 640, "height": 480}]
        content: dict[str, Any] = {"photo": sizes}
        if caption is not None:
            content["caption"] = caption
        return self._push(self.message_update(user_id, language_code=language_code, **content))

    def callback_update(
        self, user_id: int, message: SentMessage, data: str, language_code: str = "en"
    ) -> dict[str, Any]:
        query_id = str(next(self._ids) + 10_000_000)
        self._query_users[query_id] = user_id
        return {
            "update_id": self.new_update_id(),
            "callback_query": {
                "id": query_id, "from": self.user(user_id, language_code),
                "chat_instance": str(user_id), "data": data,
                "message": self._as_telegram(message),
            },
        }  # fmt: skip

    def find_button(self, user_id: int, label: str) -> tuple[SentMessage, dict[str, Any]] | None:
        """The first button containing `label` (any case) on the latest message that has one."""
        wanted = label.lower()
        for message in reversed(self.messages.get(user_id, {}).values()):  # kept as sent: the newest last
            for row in message.buttons:
                for button in row:
                    if wanted in str(button.get("text", "")).lower():
                        return message, button
        return None

    def press(self, user_id: int, label: str, *, language_code: str = "en") -> dict[str, Any]:
        """Press a button: a callback button sends its data; a URL button is only reported (as a browser would
        open it). Raises LookupError when no message shows such a button."""
        found = self.find_button(user_id, label)
        if found is None:
            raise LookupError(f"no button labelled like {label!r}")
        return self.press_button(user_id, *found, language_code=language_code)

    def press_button(self, user_id: int, message: SentMessage, button: dict[str, Any], *,
                     language_code: str = "en") -> dict[str, Any]:  # fmt: skip
        if "callback_data" in button:
            self._push(self.callback_update(user_id, message, button["callback_data"], language_code))
        return button

    def choose_button(self, user_id: int, label: str) -> tuple[SentMessage, dict[str, Any]]:
        """The button a person typing `label` means (the playground's `@press`), on the latest message with a
        match: a label equal to it (any case, leading emoji aside), else the one label it begins, else the one
        label holding it as whole words. Raises AmbiguousButton with the candidates when several labels of that
        message match at once, and LookupError (naming the latest buttons) when none does."""
        wanted = _label_key(label)
        if not wanted:
            raise LookupError("@press needs a label")
        latest: list[str] = []
        for message in sorted(self.messages.get(user_id, {}).values(), key=lambda m: -m.message_id):
            buttons = [b for row in message.buttons for b in row]
            if buttons and not latest:
                latest = [str(b.get("text", "")) for b in buttons]
            for matches in _label_tiers(wanted, buttons):
                if len({str(b.get("text", "")) for b in matches}) > 1:
                    raise AmbiguousButton(label, [str(b.get("text", "")) for b in matches])
                if matches:
                    return message, matches[0]
        shown = f"; the latest buttons: {' '.join(f'[{text}]' for text in latest)}" if latest else ""
        raise LookupError(f"no button labelled like {label!r}{shown}")

    def busiest_second(self, chats: set[int] | range | None = None) -> int:
        """The most messages accepted within any one second (to `chats` only, when given)."""
        times = sorted(t for t, chat in self.sends if chats is None or chat in chats)
        best, start = 0, 0
        for end, t in enumerate(times):
            while t - times[start] >= 1.0:
                start += 1
            best = max(best, end - start + 1)
        return best

    def chat(self, user_id: int) -> list[SentMessage]:
        return sorted(self.messages.get(user_id, {}).values(), key=lambda m: m.message_id)

    def last(self, user_id: int) -> SentMessage:
        return self.chat(user_id)[-1]

    # ------------------------------------------------------------------ internals
    def _keep_file(self, data: bytes) -> str:
        file_id = f"F{next(self._file_ids):06d}"
        self.files[file_id] = data
        return file_id

    def _find(self, params: dict[str, Any]) -> SentMessage:
        message = self.messages.get(int(params.get("chat_id") or 0), {}).get(int(params.get("message_id") or 0))
        if message is None:
            raise BadRequest("Bad Request: message to edit not found")
        return message

    def _store(self, message: SentMessage, how: str) -> None:
        for row in message.buttons:
            for button in row:
                if len(str(button.get("callback_data", "")).encode()) > CALLBACK_LIMIT:
                    raise BadRequest("Bad Request: BUTTON_DATA_INVALID")
        self.messages.setdefault(message.chat_id, {})[message.message_id] = message
        for listener in self.listeners:
            listener(how, message)

    def _as_telegram(self, message: SentMessage) -> dict[str, Any]:
        out: dict[str, Any] = {"message_id": message.message_id, "date": int(time.time()),
                               "chat": {"id": message.chat_id, "type": "private"}, "from": BOT_USER}  # fmt: skip
        if message.document or message.photo:
            if message.document:
                out["document"] = {**message.document, "file_unique_id": "u" + message.document["file_id"]}
            else:
                out["photo"] = [{"file_id": message.photo, "file_unique_id": f"u{message.photo}", "width": 640,
                                 "height": 480}]  # fmt: skip
            if message.text:
                out["caption"] = message.text
        else:
            out["text"] = message.text
        if message.buttons:
            out["reply_markup"] = {"inline_keyboard": message.buttons}
        return out


def _maybe_json(value: str) -> Any:
    if value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _buttons(markup: Any) -> list[list[dict[str, Any]]]:
    if isinstance(markup, str):
        markup = _maybe_json(markup)
    if not isinstance(markup, dict):
        return []
    return [list(row) for row in markup.get("inline_keyboard", [])]


class Activity:
    """Counts the updates the Dispatcher has finished with (error handling included), so that a driver can wait
    until the bot is done answering. The Dispatcher calls `done` (see `bot.factory.ObservedDispatcher`)."""

    def __init__(self) -> None:
        self.finished: Counter[int] = Counter()

    def done(self, update_id: int) -> None:
        self.finished[update_id] += 1


async def wait_idle(stand_in: BotApiStandIn, activity: Activity, limit: float = 30.0) -> None:
    """Until every update pushed so far has been handled (its answers sent)."""
    deadline = time.monotonic() + limit
    while any(activity.finished[update_id] < times for update_id, times in stand_in.pushed.items()):
        if time.monotonic() > deadline:
            waiting = sorted(u for u, n in stand_in.pushed.items() if activity.finished[u] < n)
            raise TimeoutError(f"the bot has not finished updates {waiting}")
        await asyncio.sleep(0.005)


class AmbiguousButton(LookupError):
    def __init__(self, label: str, candidates: list[str]) -> None:
        self.label, self.candidates = label, candidates
        listed = " ".join(f"[{c}]" for c in candidates)
        super().__init__(f"{label!r} matches {len(candidates)} buttons: {listed}; type more of the label")


_EDGE = re.compile(r"^[^\w(]+|[^\w).!?]+$")
"""Emoji and marks at either end of a label ("⭐ Save", "Next ▶️"), which nobody types."""


def _label_key(text: str) -> str:
    return " ".join(text.casefold().split())


def _label_tiers(wanted: str, buttons: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The buttons matching `wanted` exactly, by a prefix, and as whole words: one list a tier, best first."""
    words = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
    exact: list[dict[str, Any]] = []
    prefix: list[dict[str, Any]] = []
    inside: list[dict[str, Any]] = []
    for button in buttons:
        full = _label_key(str(button.get("text", "")))
        core = _EDGE.sub("", full)
        if wanted in (full, core):
            exact.append(button)
        elif full.startswith(wanted) or core.startswith(wanted):
            prefix.append(button)
        elif words.search(full):
            inside.append(button)
    return [exact, prefix, inside]


def render(message: SentMessage, *, edited: bool = False) -> str:
    """A message as the terminal shows it: its text, then each row of buttons as [label]."""
    head = "bot (edited)" if edited else "bot"
    lines = [f"{head}: {message.text}" if message.text else f"{head}:"]
    if message.document:
        lines.append(f"  [file: {message.document.get('file_name')} ({message.document.get('file_size')} bytes)]")
    if message.photo:
        lines.append("  [photo]")
    for row in message.buttons:
        lines.append("  " + " ".join(f"[{b.get('text')}]" for b in row))
    return "\n".join(lines)


def render_popup(answer: dict[str, Any]) -> str | None:
    """A callback answer as the terminal shows it (`bot (popup): Saved ⭐`); None when it only stops the spinner."""
    text = str(answer.get("text") or "").strip()
    return f"bot (popup): {text}" if text else None


PROMPT = "you> "


class Console:
    """The playground's terminal: the bot's messages and popups, the background indexer's progress and the
    player's echo, each a whole line. Interactively, a line that arrives while the prompt waits clears the prompt,
    prints, and draws the prompt again with what was typed so far (readline's buffer), so nothing is written over
    the line being typed."""

    def __init__(self, out: TextIO, *, interactive: bool, typed: Callable[[], str] | None = None) -> None:
        self.out = out
        self.interactive = interactive
        self.prompting = False
        self._typed = typed or (lambda: "")

    def line(self, text: str) -> None:
        if self.prompting:
            self.out.write("\r\x1b[K")
        self.out.write(text + "\n")
        if self.prompting:
            self.out.write(PROMPT + self._typed())
        self.out.flush()


def read_typed() -> str:
    """One line typed at the prompt (with readline's editing and history when loaded); '' at the end of input."""
    try:
        return input(PROMPT) + "\n"
    except EOFError:
        return ""


def _typed_so_far() -> str:
    readline = sys.modules.get("readline")
    return str(readline.get_line_buffer()) if readline is not None else ""


def terminal_console() -> Console:
    """The console of `chat` and `run` without a token: standard output, interactive when standard input is a
    terminal (with readline's line editing where the platform has it)."""
    interactive = sys.stdin.isatty()
    if interactive:
        with contextlib.suppress(ImportError):  # (not on every platform)
            import readline  # noqa: F401 - input() gets line editing and history
    return Console(sys.stdout, interactive=interactive, typed=_typed_so_far)
