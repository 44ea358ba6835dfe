"""A fast, deterministic stand-in embedder for tests at scale: hashed bag of words, 384 dimensions.

Texts that share words get similar vectors, so nearest-neighbour search behaves sensibly, and 20,000 jobs
embed in about a second. Used where the real offline model would make a test take minutes (it embeds about
50 jobs a second); the real model is tested on its own and in the smaller search tests.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

_WORD = re.compile(r"[a-z0-9]+")


class HashedEmbeddings:
    name = "test-hashed-bow-384"
    dimension = 384

    def __init__(self) -> None:
        self.calls = 0

    def vector(self, text: str) -> list[float]:
        v = np.zeros(self.dimension, dtype=np.float32)
        for word in _WORD.findall(text.lower()):
            h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")
            v[h % self.dimension] += 1.0 if (h >> 20) & 1 else -1.0
        norm = float(np.linalg.norm(v))
        if norm == 0:
            v[0] = 1.0
            norm = 1.0
        return (v / norm).tolist()

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.calls += 1
        return [self.vector(t) for t in texts]
