"""Languages an ad asks the candidate to speak ("Fluency in English, Armenian and Russian", "Italian speaker
essential"), read against the languages a CV shows.

The readers' guidelines count a local requirement the CV does not show ("a local licence", local knowledge) as
one key requirement missing: a grade down. A language asked outright is the plainest such requirement, and a board
with Armenian posts asks it in most of them. English is never an ask here: the ads are written in it, and a CV
read by the bot is one its owner could write.

A language counts as asked only beside a cue of speaking it (fluent, fluency, proficiency, spoken, written,
native, a speaker, "language skills", "knowledge of Armenian and English"), and only as a language: "Armenian
Accounting Standards", "knowledge of Armenian tax legislation" and "the Armenian branch office" ask nothing. Its
strength is the clause's (`services.jobs.qualification_status.mode_of`): required unless the ad calls it
desirable, an advantage or a plus.

Pure: no database, no aiogram. The index stores an ad's reading (`job_index.ad_languages`); ranking and the gaps
compare it with `CvProfile.languages` (`services.search.job_search._language_fit`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from services.jobs.qualification_status import Mode, mode_of, sentences

LANGUAGES = ("English", "French", "German", "Spanish", "Italian", "Portuguese", "Polish", "Romanian", "Russian",
             "Ukrainian", "Arabic", "Urdu", "Hindi", "Punjabi", "Bengali", "Gujarati", "Tamil", "Mandarin", "Cantonese",
             "Chinese", "Japanese", "Korean", "Turkish", "Greek", "Dutch", "Swedish", "Armenian", "Welsh", "Tagalog",
             "Vietnamese", "Farsi", "Persian", "Hebrew", "Swahili", "Yoruba", "Somali", "Lithuanian", "Latvian",
             "Danish", "Norwegian", "Finnish", "Czech", "Slovak", "Hungarian", "Bulgarian", "Croatian", "Serbian",
             "Georgian", "Azerbaijani", "Kurdish", "Irish", "Gaelic")  # fmt: skip
"""The languages CVs and ads are read for (as written, capitalised)."""

ASSUMED = frozenset({"English"})
"""Shown by every CV and asked by no ad: the board's ads are in English."""

_NAME = r"(?:" + "|".join(LANGUAGES) + r")"
# One language or a list of them: "Armenian", "English, Armenian and Russian", "Armenian and or/Russian".
_LIST = re.compile(rf"\b{_NAME}(?:\s*(?:,|/|&|\band\b|\bor\b|\band or\b|\band/or\b)\s*(?:/\s*)?{_NAME})*\b")
_ONE = re.compile(rf"\b({_NAME})\b")
_EITHER = re.compile(r"(?i)\bor\b|/")
# A list is a language (not an adjective: "Armenian Accounting Standards") when what follows it ends the phrase or
# says it is spoken.
_AS_LANGUAGE = re.compile(
    r"\s*(?:$|[.,;:!?)(\-–—]|\b(?:languages?|speak\w*|spoken|written|writing|oral|verbal|fluen\w*|proficien\w*|skills"
    r"|is|are|would|will|essential|required|desirable|preferred|an?|as|at|to|both|including|with|for|would be"
    r"|native|mother tongue|knowledge)\b)",
    re.IGNORECASE,
)
# A cue that the list is about speaking it, in the same clause (before or just after).
_SPOKEN_BEFORE = re.compile(
    r"(?i)\b(?:fluen\w*|proficien\w*|command|knowledge|skills?|speak\w*|spoken|written|verbal|oral|native"
    r"|communicat\w*|languages?|translat\w*|bilingual)\b[^.;:]{0,50}$"
)
_SPOKEN_AFTER = re.compile(
    r"(?i)^\s*(?:languages?|speak\w*|spoken|written|fluen\w*|proficien\w*|native|mother tongue|(?:language )?skills"
    r"|(?:is|are|would be) (?:an? )?(?:advantage|desirable|essential|required|plus|must|beneficial|preferred))\b"
)


@dataclass(frozen=True, slots=True)
class AdLanguages:
    """The languages an ad asks for, English aside: required, and merely desirable."""

    required: frozenset[str] = frozenset()
    desirable: frozenset[str] = frozenset()

    def as_list(self) -> list[str]:
        """As the index stores it: required languages by name, desirable ones with a "?" ("Armenian", "Russian?")."""
        return sorted(self.required) + sorted(f"{name}?" for name in self.desirable - self.required)

    @classmethod
    def from_list(cls, values: Iterable[str] | None) -> AdLanguages:
        required: set[str] = set()
        desirable: set[str] = set()
        for value in values or ():
            name = value.rstrip("?")
            if name in LANGUAGES:
                (desirable if value.endswith("?") else required).add(name)
        return cls(frozenset(required), frozenset(desirable - required))

    def __bool__(self) -> bool:
        return bool(self.required or self.desirable)


@functools.lru_cache(maxsize=65_536)
def _sentence_asks(sentence: str, section: Mode, lead: str = "") -> tuple[tuple[str, Mode], ...]:
    """The languages one sentence asks, each HARD or SOFT; `lead` is the line before when the sentence goes on
    from it ("proficiency in spoken" / "Armenian and/or Russian;"). Cached: a board repeats its boilerplate."""
    asks = []
    for found in _LIST.finditer(sentence):
        if not _AS_LANGUAGE.match(sentence, found.end()):
            continue
        before = (lead + " " + sentence[: found.start()])[-60:]
        if not (_SPOKEN_BEFORE.search(before) or _SPOKEN_AFTER.match(sentence[found.end() :])):
            continue
        names = _ONE.findall(found.group(0))
        either = _EITHER.search(found.group(0)) is not None
        if either and ASSUMED.intersection(names):  # "Welsh and/or English speakers are equally welcome"
            continue
        mode = mode_of(sentence, found.start(), found.end(), section)
        if mode is Mode.PLAIN:  # a language asked with no cue at all ("Fluent Armenian." in a list of skills)
            mode = Mode.HARD
        if either and mode is Mode.HARD:  # "Danish or Swedish": any one will do, so none is required alone
            mode = Mode.SOFT
        if mode in (Mode.HARD, Mode.SOFT):
            asks += [(name, mode) for name in names if name not in ASSUMED]
    return tuple(asks)


def read_languages(title: str, description: str, split: list[tuple[str, Mode]] | None = None) -> AdLanguages:
    """The languages an ad asks for ("Finance Assistant - Italian speaker" asks in its title too)."""
    required: set[str] = set()
    desirable: set[str] = set()
    previous = ""
    for sentence, section in split if split is not None else sentences(title, description):
        lead = previous[-60:] if previous and previous[-1].isalpha() else ""  # a line broken mid-sentence
        for name, mode in _sentence_asks(sentence, section, lead):
            (required if mode is Mode.HARD else desirable).add(name)
        previous = sentence
    return AdLanguages(frozenset(required), frozenset(desirable - required))


def spoken(languages: Iterable[str]) -> frozenset[str]:
    """The languages a CV shows (its owner's `CvProfile.languages`), English always among them."""
    return ASSUMED | frozenset(languages)
