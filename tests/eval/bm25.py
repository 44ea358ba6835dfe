"""The floor every ranker is measured against: a plain BM25 over the ads, as the judgments' README defines it.

Fields: the title twice, the employer, the location and the description, as one bag of words; k1 1.2, b 0.75;
for a CV, the first 4,000 characters of its text are the query. Words are lower-cased runs of letters and digits,
with no stemming and no stop words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


class BM25:
    def __init__(self, docs: dict[str, str], *, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.tf = {doc_id: Counter(words(text)) for doc_id, text in docs.items()}
        self.length = {doc_id: sum(tf.values()) for doc_id, tf in self.tf.items()}
        self.average = sum(self.length.values()) / max(1, len(self.length))
        df: Counter[str] = Counter()
        for tf in self.tf.values():
            df.update(tf.keys())
        n = len(self.tf)
        self.idf = {term: math.log(1 + (n - d + 0.5) / (d + 0.5)) for term, d in df.items()}

    def scores(self, query: str) -> dict[str, float]:
        terms = Counter(words(query))
        out: dict[str, float] = {}
        for doc_id, tf in self.tf.items():
            norm = self.k1 * (1 - self.b + self.b * self.length[doc_id] / self.average)
            score = 0.0
            for term, count in terms.items():
                f = tf.get(term)
                if f:
                    score += count * self.idf[term] * f * (self.k1 + 1) / (f + norm)
            if score:
                out[doc_id] = score
        return out

    def rank(self, query: str, limit: int = 100) -> list[str]:
        scores = self.scores(query)
        return sorted(scores, key=lambda d: (-scores[d], d))[:limit]


def ad_text(
    ad: dict[str, str | None], fields: Iterable[str] = ("title", "title", "company", "location", "description")
) -> str:
    return "\n".join(str(ad.get(f) or "") for f in fields)
