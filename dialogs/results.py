"""Search results as plain data that fits dialog storage (JSON in Redis), and their rendering."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from dialogs.common import esc
from locales import Translator
from services.search.job_search import Reason, SearchResponse, unique_texts


def pack(response: SearchResponse) -> list[dict[str, Any]]:
    return [
        {"id": r.job_id, "title": r.title, "firm": r.firm, "location": r.location or "",
         "reasons": [[reason.key, dict(reason.args)] for reason in r.reasons]}
        for r in response.results
    ]  # fmt: skip


def reasons_text(item: dict[str, Any], t: Translator, kind: str = "fit") -> str:
    """The item's reasons of one kind ("fit": why it fits; "check": what to check), each text once."""
    reasons = [Reason.of(key, **args) for key, args in item.get("reasons", [])]
    return " · ".join(unique_texts([r for r in reasons if r.kind == kind], t.reason))


def result_lines(items: list[dict[str, Any]], start: int, t: Translator, applied: Collection[int] = ()) -> str:
    """A page of results; those in `applied` (the user applied for them: the application tracker) marked so."""
    lines = []
    for number, item in enumerate(items, start=start + 1):
        where = f" · {esc(item['location'])}" if item.get("location") else ""
        mark = f" · {t('results-applied')}" if item["id"] in applied else ""
        lines.append(f"{number}. <b>{esc(item['title'])}</b> — {esc(item['firm'])}{where}{mark}")
        why = reasons_text(item, t)
        if why:
            lines.append(f"    <i>{esc(why)}</i>")
        check = reasons_text(item, t, "check")
        if check:
            lines.append(f"    <i>{t('results-to-check', items=esc(check))}</i>")
    return "\n".join(lines)
