"""The CV signal (issue #22, point 4): the real CVs in ../shared/data/cvs read as CVs, and texts that are clearly
no CV (a recipe, a shopping list, a news paragraph, a weather forecast, random keys, placeholder Latin, a poem) do
not; pasted text is asked about only in between.

The suite reads every twelfth real CV (34 of the 401, from every folder) with the real reader (the sandboxed
workers): reading all 401 costs about three minutes of this machine. `CV_SIGNAL_ALL=1` reads all of them (done on
2026-12-06: every one accepted, the lowest score 10.5 against the bar of 6; docs/cv-intake.md). Nothing read is
written to disk: the CVs stay in ../shared/data.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from services.cv.intake import pasted_verdict
from services.cv.profile import CV_SCORE, UNSURE_SCORE, CvVerdict, cv_signal
from services.cv.reading import CvReader
from tests.data.uk_cvs import UK_CVS

NOT_CVS = {
    "recipe": """Classic lasagne
Serves 6. Preparation 30 minutes, cooking 1 hour 15 minutes.
Ingredients: 500g beef mince, 1 onion, 2 garlic cloves, 400g chopped tomatoes, 2 tbsp tomato puree, 250g lasagne
sheets, 500ml white sauce, 100g grated parmesan.
Method
1. Fry the onion and garlic in a little oil until soft, then add the mince and brown it.
2. Stir in the tomatoes and puree, season and simmer for 30 minutes.
3. Layer the meat sauce, pasta sheets and white sauce in a dish, finishing with sauce and cheese.
4. Bake at 180C for 45 minutes until golden and bubbling. Rest for 10 minutes before serving.""",
    "shopping list": "Shopping list\nmilk x2\nbread\neggs (12)\nbananas\nwashing up liquid\nchicken thighs 1kg\nrice\n"
    "coffee beans\nbin bags\nbirthday card for Sam",
    "news": "Shares in the retailer fell 12% on Tuesday after it warned that profits for 2024 would be lower than "
    "expected. The company's chief executive said trading over the Christmas period had been difficult and that "
    "costs had risen sharply since 2022. Analysts at a City bank said the outlook for the sector remained weak, "
    "according to a note published this morning.",
    "weather": "Tomorrow will be cloudy with outbreaks of rain spreading from the west during the afternoon, heavier "
    "over high ground. Highs of 9C in London and 7C in Manchester, with a fresh southerly wind.",
    "random": "asdf qwer zxcv lkjh poiu mnbv 8273 hjkl; qpwoeiruty alskdjfhg zmxncbv, ieowpq ruty fjdksla vnmc xz",
    "lorem ipsum": "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
    "labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut.",
    "poem": "The woods are lovely, dark and deep,\nBut I have promises to keep,\nAnd miles to go before I sleep,\n"
    "And miles to go before I sleep.",
    "cooking sentence": "I love cooking pasta with my family on Sundays and trying new recipes from the market",
}


async def _texts(files: list[Path]) -> dict[str, str]:
    reader = CvReader()
    slots = asyncio.Semaphore(reader.limits.parallel)  # more would wait past the reader's "busy" deadline
    texts: dict[str, str] = {}

    async def read(file: Path) -> None:
        data = await asyncio.to_thread(file.read_bytes)
        async with slots:
            texts[f"{file.parent.name}/{file.name}"] = (await reader.read(data)).text

    try:
        await asyncio.gather(*(read(file) for file in files))
    finally:
        await reader.close()
    return texts


@pytest.fixture(scope="module")
async def real_cvs(shared_data: Path) -> dict[str, str]:
    files = sorted((shared_data / "cvs").rglob("*.pdf"))
    assert len(files) >= 400
    chosen = files if os.environ.get("CV_SIGNAL_ALL") == "1" else files[::12]
    assert len({f.parent.name for f in chosen}) >= 8  # every folder
    return await _texts(chosen)


def test_every_real_cv_reads_as_a_cv(real_cvs: dict[str, str]) -> None:
    refused = {name: cv_signal(text) for name, text in real_cvs.items() if cv_signal(text).verdict is not CvVerdict.CV}
    assert refused == {}
    lowest = min(cv_signal(text).score for text in real_cvs.values())
    assert lowest >= CV_SCORE + 3, lowest  # a margin, not a scrape past the bar
    assert all(cv_signal(item["text"]).verdict is CvVerdict.CV for item in UK_CVS)


@pytest.mark.parametrize("name", sorted(NOT_CVS))
def test_clearly_not_a_cv(name: str) -> None:
    signal = cv_signal(NOT_CVS[name])
    assert signal.verdict is CvVerdict.NOT_CV and signal.score < UNSURE_SCORE, signal
    assert pasted_verdict(NOT_CVS[name]) is CvVerdict.NOT_CV


def test_pasted_text() -> None:
    pasted = "ACA qualified audit senior, newly qualified 2025, 4 years at KPMG Leeds, hybrid, around 45k"
    assert pasted_verdict(pasted) is CvVerdict.CV
    assert pasted_verdict("audit senior Leeds hybrid") is CvVerdict.NOT_CV  # a query, however CV-like its words
    assert pasted_verdict("ACA qualified audit senior, 4 years at KPMG") is CvVerdict.NOT_CV  # too short to be one
    doubtful = "I am looking for a senior audit job in Leeds with hybrid working and a salary around fifty thousand"
    assert pasted_verdict(doubtful) is CvVerdict.UNSURE
